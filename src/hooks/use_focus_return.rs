//! Returning focus to whatever opened a dialog once the dialog closes.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// While `open` is false → true, remembers the focused element; when `open` goes back to
/// false, focuses it again, or `fallback` if it has left the page (a revoked row's button).
#[hook]
pub fn use_focus_return(open: bool, fallback: NodeRef) {
    let opener: Rc<RefCell<Option<web_sys::HtmlElement>>> = use_mut_ref(|| None);
    let was_open = use_mut_ref(|| false);
    // Capture during render: effects run after the dialog has already taken focus.
    if open && !*was_open.borrow() {
        *opener.borrow_mut() = focused_element();
    }
    *was_open.borrow_mut() = open;
    use_effect_with(open, move |open| {
        if !*open {
            if let Some(opener) = opener.borrow_mut().take() {
                if opener.is_connected() {
                    let _ = opener.focus();
                } else if let Some(fallback) = fallback.cast::<web_sys::HtmlElement>() {
                    let _ = fallback.focus();
                }
            }
        }
    });
}

fn focused_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}
