//! The Unicode knowledge the name rules need, behind a seam.
//!
//! Built into the WebAssembly, the normalisation and grapheme tables of the Unicode crates
//! would add about 74 KB gzip to the download, and Rust's own case tables (`to_lowercase`)
//! about 15 KB; every browser already has them (`String.prototype.normalize`,
//! `Intl.Segmenter`, `toLowerCase`). So the core asks a [`UnicodeText`] for
//! them: the browser build passes one backed by the browser (`platform::text`), and native
//! builds, which run `cargo test`, have [`NativeUnicode`] backed by the crates.

/// Normalisation and segmentation, as the name rules use them.
pub trait UnicodeText {
    /// `text` in Normalization Form C: composed, so "e" followed by U+0301 becomes "é".
    fn nfc(&self, text: &str) -> String;

    /// How many extended grapheme clusters (user-perceived characters) `text` has: a flag,
    /// a family emoji joined by zero-width joiners, or a letter with its accents is one.
    fn grapheme_count(&self, text: &str) -> usize;

    /// `text` in lower case, by the full Unicode rules ("É" becomes "é", "Σ" "σ").
    fn lowercase(&self, text: &str) -> String;
}

/// [`UnicodeText`] from the `unicode-normalization` and `unicode-segmentation` crates.
/// Native builds only: the crates never reach the WebAssembly download.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeUnicode;

#[cfg(not(target_arch = "wasm32"))]
impl UnicodeText for NativeUnicode {
    fn nfc(&self, text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfc().collect()
    }

    fn grapheme_count(&self, text: &str) -> usize {
        use unicode_segmentation::UnicodeSegmentation;
        text.graphemes(true).count()
    }

    fn lowercase(&self, text: &str) -> String {
        text.to_lowercase()
    }
}
