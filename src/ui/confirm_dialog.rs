//! Confirmation before a change that stops keys working or removes records.

use yew::prelude::*;

use super::Modal;

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    /// The question, e.g. "Revoke `<name>`?".
    pub title: Html,
    /// What confirming does.
    pub body: AttrValue,
    /// The confirming button's text, e.g. "Revoke key".
    pub confirm_label: AttrValue,
    /// Called when the user confirms.
    pub on_confirm: Callback<()>,
    /// Called when the user backs out.
    pub on_cancel: Callback<()>,
    /// Why the last attempt failed, if it did.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// Asks to confirm; Cancel has focus first, so Enter does nothing destructive.
#[component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let on_confirm = props.on_confirm.clone();
    let confirm = Callback::from(move |_: MouseEvent| on_confirm.emit(()));
    let on_cancel = props.on_cancel.clone();
    let cancel = Callback::from(move |_: MouseEvent| on_cancel.emit(()));
    html! {
        <Modal title={props.title.clone()} on_close={props.on_cancel.clone()} class="danger">
            <p>{ props.body.clone() }</p>
            <p class="field-error" aria-live="polite">{ props.error.clone().unwrap_or_default() }</p>
            <div class="dialog-actions">
                <button type="button" class="button secondary" onclick={cancel} autofocus=true>
                    { "Cancel" }
                </button>
                <button type="button" class="button danger" onclick={confirm}>
                    { props.confirm_label.clone() }
                </button>
            </div>
        </Modal>
    }
}
