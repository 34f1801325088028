//! The toast after a revoke: "Revoked `<name>`" or "Revoked N keys", with "Undo" for 10
//! seconds.

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long "Undo" is offered, in milliseconds.
pub const UNDO_WINDOW_MS: u32 = 10_000;

#[derive(Properties, PartialEq)]
pub struct UndoToastProps {
    /// What was done, e.g. "Revoked 3 keys".
    pub message: AttrValue,
    /// Undoes it.
    pub on_undo: Callback<()>,
    /// Called when the offer ends (its time is up, or "Dismiss" was pressed).
    pub on_dismiss: Callback<()>,
}

/// The message with "Undo" and "Dismiss" (the owner announces the revoke in its own live
/// region, which exists before the toast does). The offer ends after
/// [`UNDO_WINDOW_MS`]; while focus is inside the toast it stays until focus leaves, so a
/// keyboard user on their way to "Undo" never has it taken away under them. Give it a `key`
/// per revoke, so each revoke gets the whole window.
#[component]
pub fn UndoToast(props: &UndoToastProps) -> Html {
    let toast_ref = use_node_ref();
    // Set when the time is up while focus is inside: the toast then goes when focus leaves.
    let expired = use_mut_ref(|| false);
    {
        let toast_ref = toast_ref.clone();
        let expired = expired.clone();
        let on_dismiss = props.on_dismiss.clone();
        use_effect_with((), move |_| {
            let timeout = Timeout::new(UNDO_WINDOW_MS, move || {
                if holds_focus(&toast_ref) {
                    *expired.borrow_mut() = true;
                } else {
                    on_dismiss.emit(());
                }
            });
            move || drop(timeout)
        });
    }
    let onfocusout = {
        let toast_ref = toast_ref.clone();
        let on_dismiss = props.on_dismiss.clone();
        Callback::from(move |event: FocusEvent| {
            let leaving = event
                .related_target()
                .and_then(|next| next.dyn_into::<web_sys::Node>().ok())
                .is_none_or(|next| {
                    toast_ref
                        .cast::<web_sys::Node>()
                        .is_none_or(|toast| !toast.contains(Some(&next)))
                });
            if leaving && *expired.borrow() {
                on_dismiss.emit(());
            }
        })
    };
    let on_undo = props.on_undo.clone();
    let undo = Callback::from(move |_: MouseEvent| on_undo.emit(()));
    let on_dismiss = props.on_dismiss.clone();
    let dismiss = Callback::from(move |_: MouseEvent| on_dismiss.emit(()));
    html! {
        <div class="toast" ref={toast_ref} {onfocusout}>
            <p>{ props.message.clone() }</p>
            <button type="button" class="button small toast-undo" onclick={undo}>{ "Undo" }</button>
            <button type="button" class="button ghost small toast-dismiss" aria-label="Dismiss" onclick={dismiss}>
                { "\u{00d7}" }
            </button>
        </div>
    }
}

/// Whether the element behind `node` contains the focused element.
fn holds_focus(node: &NodeRef) -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    match (node.cast::<web_sys::Node>(), active) {
        (Some(toast), Some(active)) => toast.contains(Some(&active)),
        _ => false,
    }
}
