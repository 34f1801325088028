//! "Regenerate `<name>`?": a new secret for the same key, with a grace period for the old one.

use yew::prelude::*;

use super::{choice_group, Modal};
use crate::core::lifecycle::GracePeriod;

#[derive(Properties, PartialEq)]
pub struct RegenerateDialogProps {
    /// The key's name.
    pub name: AttrValue,
    /// Called with the chosen grace period when the user confirms.
    pub on_confirm: Callback<GracePeriod>,
    /// Called when the user backs out.
    pub on_cancel: Callback<()>,
    /// Why the last attempt failed, if it did.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// Asks how long the old secret should keep working; Cancel has focus first.
#[component]
pub fn RegenerateDialog(props: &RegenerateDialogProps) -> Html {
    let grace = use_state(GracePeriod::default);
    let on_confirm = props.on_confirm.clone();
    let confirm = {
        let grace = grace.clone();
        Callback::from(move |_: MouseEvent| on_confirm.emit(*grace))
    };
    let on_cancel = props.on_cancel.clone();
    let cancel = Callback::from(move |_: MouseEvent| on_cancel.emit(()));
    let on_pick = {
        let grace = grace.clone();
        Callback::from(move |picked: GracePeriod| grace.set(picked))
    };
    let choices = GracePeriod::ALL.map(|choice| (choice, choice.label()));
    html! {
        <Modal title={html! { <>{ "Regenerate " }<bdi>{ props.name.clone() }</bdi>{ "?" }</> }} on_close={props.on_cancel.clone()}>
            <p>
                { "The key gets a new secret, shown once; its name, expiry and history stay. Apps \
                   using the old secret stop working when its grace period ends." }
            </p>
            { choice_group("Keep the old key working for", "grace", &choices, *grace, on_pick, html! {}) }
            <p class="field-error" aria-live="polite">{ props.error.clone().unwrap_or_default() }</p>
            <div class="dialog-actions">
                <button type="button" class="button secondary" onclick={cancel} autofocus=true>
                    { "Cancel" }
                </button>
                <button type="button" class="button primary" onclick={confirm}>{ "Regenerate key" }</button>
            </div>
        </Modal>
    }
}
