//! The browser's own Unicode tables for the name rules: `String.prototype.normalize` and
//! `Intl.Segmenter`, so the download carries no tables of its own.

use js_sys::Intl::{Segmenter, SegmenterGranularity, SegmenterOptions};
use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::JsValue;

use crate::core::UnicodeText;

thread_local! {
    /// Building an `Intl.Segmenter` is costly; one serves every count.
    static SEGMENTER: Option<Segmenter> = grapheme_segmenter();
}

/// A grapheme segmenter, or `None` in a browser without `Intl.Segmenter`
/// (Firefox before 125, for one).
fn grapheme_segmenter() -> Option<Segmenter> {
    let constructor = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl"))
        .and_then(|intl| Reflect::get(&intl, &JsValue::from_str("Segmenter")))
        .ok()?;
    if !constructor.is_function() {
        return None;
    }
    let options = SegmenterOptions::new();
    options.set_granularity(SegmenterGranularity::Grapheme);
    Some(Segmenter::new(&Array::new(), &options))
}

/// How many segments `segmenter` finds in `text`. Steps from segment to segment rather than
/// collecting them, so a long paste costs no memory beyond one segment at a time.
fn count_segments(segmenter: &Segmenter, text: &str) -> usize {
    let segments = segmenter.segment(text);
    let mut count = 0;
    let mut index = 0;
    while let Some(segment) = segments.containing(index) {
        count += 1;
        // Segments are never empty; `max` keeps the loop finite even if a browser errs.
        index = (segment.index() + segment.segment().length()).max(index + 1);
    }
    count
}

/// [`UnicodeText`] backed by the browser.
///
/// Where `Intl.Segmenter` is missing, counts code points of the normalised text instead: a
/// stricter count (a flag counts two), which may refuse a name the rule allows but never lets
/// a longer one through.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserUnicode;

impl UnicodeText for BrowserUnicode {
    fn nfc(&self, text: &str) -> String {
        JsString::from(text).normalize("NFC").into()
    }

    fn grapheme_count(&self, text: &str) -> usize {
        SEGMENTER
            .with(|segmenter| {
                segmenter
                    .as_ref()
                    .map(|segmenter| count_segments(segmenter, text))
            })
            .unwrap_or_else(|| text.chars().count())
    }

    fn lowercase(&self, text: &str) -> String {
        JsString::from(text).to_lower_case().into()
    }
}
