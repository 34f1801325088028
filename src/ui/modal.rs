//! A modal dialog shell: the native `<dialog>` shown with `showModal()` (so the rest of the
//! page is inert), with focus kept inside and Escape routed to `on_close`.

use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use super::unique_id;

/// Elements that can take focus with the keyboard.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), textarea:not([disabled]), \
     select:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    /// The dialog's title, which is also its accessible name. Wrap user text in `<bdi>`.
    pub title: Html,
    /// Called when the user dismisses the dialog (Escape).
    pub on_close: Callback<()>,
    /// Extra class for the dialog, e.g. `"danger"`.
    #[prop_or_default]
    pub class: Classes,
    /// The dialog's content.
    pub children: Html,
}

/// A modal dialog titled `title`. The element marked `autofocus` inside (or else the first
/// focusable one) gets focus when it opens.
#[component]
pub fn Modal(props: &ModalProps) -> Html {
    let dialog_ref = use_node_ref();
    let title_id = use_memo((), |_| unique_id("dialog-title"));

    {
        let dialog_ref = dialog_ref.clone();
        use_effect_with((), move |_| {
            if let Some(dialog) = dialog_ref.cast::<HtmlDialogElement>() {
                if dialog.show_modal().is_err() {
                    // Not connected or already open: still show it rather than nothing.
                    dialog.set_open(true);
                }
                if !contains_focus(&dialog) {
                    focus_first(&dialog);
                }
            }
            move || {
                if let Some(dialog) = dialog_ref.cast::<HtmlDialogElement>() {
                    dialog.close();
                }
            }
        });
    }

    let onkeydown = {
        let dialog_ref = dialog_ref.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                on_close.emit(());
            }
            "Tab" => {
                if let Some(dialog) = dialog_ref.cast::<HtmlElement>() {
                    trap_tab(&dialog, &event);
                }
            }
            _ => {}
        })
    };
    // The browser may also cancel a modal dialog on its own (a close request): keep it open
    // and let the owner decide.
    let oncancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: Event| {
            event.prevent_default();
            on_close.emit(());
        })
    };

    html! {
        <dialog
            ref={dialog_ref}
            class={classes!("modal", props.class.clone())}
            role="dialog"
            aria-modal="true"
            aria-labelledby={(*title_id).clone()}
            {onkeydown}
            {oncancel}
        >
            <h2 id={(*title_id).clone()} class="modal-title">{ props.title.clone() }</h2>
            { props.children.clone() }
        </dialog>
    }
}

fn focusables(container: &web_sys::Element) -> Vec<HtmlElement> {
    let Ok(nodes) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn contains_focus(container: &web_sys::Element) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|active| container.contains(Some(&active)))
}

fn focus_first(container: &web_sys::Element) {
    let all = focusables(container);
    let target = all
        .iter()
        .find(|el| el.has_attribute("autofocus"))
        .or(all.first());
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// Wraps Tab from the last focusable element to the first, and Shift+Tab the other way.
fn trap_tab(dialog: &HtmlElement, event: &KeyboardEvent) {
    let all = focusables(dialog);
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        event.prevent_default();
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let is = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let outside = !contains_focus(dialog);
    if event.shift_key() && (is(first) || outside) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && (is(last) || outside) {
        event.prevent_default();
        let _ = first.focus();
    }
}
