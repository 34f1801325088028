//! Confirmation before revoking a key.

use yew::prelude::*;

use super::Modal;

#[derive(Properties, PartialEq)]
pub struct RevokeDialogProps {
    /// The name of the key to revoke.
    pub name: AttrValue,
    /// Called when the user confirms.
    pub on_confirm: Callback<()>,
    /// Called when the user backs out.
    pub on_cancel: Callback<()>,
    /// Why the last attempt failed, if it did.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// Asks "Revoke `<name>`?"; Cancel has focus first, so Enter does nothing destructive.
#[component]
pub fn RevokeDialog(props: &RevokeDialogProps) -> Html {
    let on_confirm = props.on_confirm.clone();
    let confirm = Callback::from(move |_: MouseEvent| on_confirm.emit(()));
    let on_cancel = props.on_cancel.clone();
    let cancel = Callback::from(move |_: MouseEvent| on_cancel.emit(()));
    html! {
        <Modal title={html! { <>{ "Revoke " }<bdi>{ props.name.clone() }</bdi>{ "?" }</> }} on_close={props.on_cancel.clone()} class="danger">
            <p>
                { "Apps and scripts using this key will stop working at once. \
                   Revoking cannot be undone." }
            </p>
            <p class="field-error" aria-live="polite">{ props.error.clone().unwrap_or_default() }</p>
            <div class="dialog-actions">
                <button type="button" class="button secondary" onclick={cancel} autofocus=true>
                    { "Cancel" }
                </button>
                <button type="button" class="button danger" onclick={confirm}>{ "Revoke key" }</button>
            </div>
        </Modal>
    }
}
