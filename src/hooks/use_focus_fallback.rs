//! Where focus goes when a dialog closes or a banner with buttons goes away.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// When `open` goes from true to false and nothing has focus, focuses `fallback`.
///
/// Closing a modal `<dialog>` already returns focus to the element that had it before the
/// dialog opened. That element may have left the page meanwhile (the Revoke button of the row
/// just revoked); focus would then be lost to the page's body, and keyboard and screen-reader
/// users with it. The same happens to a button that removes its own banner ("Start fresh").
#[hook]
pub fn use_focus_fallback(open: bool, fallback: NodeRef) {
    let was_open = use_mut_ref(|| false);
    use_effect_with(open, move |open| {
        let closed = *was_open.borrow() && !*open;
        *was_open.borrow_mut() = *open;
        if closed && !something_has_focus() {
            if let Some(fallback) = fallback.cast::<web_sys::HtmlElement>() {
                let _ = fallback.focus();
            }
        }
    });
}

fn something_has_focus() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| Some((d.active_element()?, d.body()?)))
        .is_some_and(|(active, body)| active != *body.unchecked_ref::<web_sys::Element>())
}
