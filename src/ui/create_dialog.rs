//! The "Create new secret key" dialog: a name field, validated on submit.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{unique_id, Modal};
use crate::core::{name_length, MAX_NAME_CHARS};
use crate::platform::text::BrowserUnicode;

#[derive(Properties, PartialEq)]
pub struct CreateDialogProps {
    /// Called with the typed name; returns the error to show, if the key was not created.
    pub on_create: Callback<String, Result<(), String>>,
    /// Called when the user cancels.
    pub on_cancel: Callback<()>,
}

/// Asks for a name and creates a key with it.
#[component]
pub fn CreateDialog(props: &CreateDialogProps) -> Html {
    let name = use_state(String::new);
    let error = use_state(|| None::<String>);
    let input_id = use_memo((), |_| unique_id("create-name"));
    let hint_id = use_memo((), |_| unique_id("create-hint"));
    let error_id = use_memo((), |_| unique_id("create-error"));

    let oninput = {
        let name = name.clone();
        Callback::from(move |event: InputEvent| {
            name.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onsubmit = {
        let name = name.clone();
        let error = error.clone();
        let on_create = props.on_create.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match on_create.emit((*name).clone()) {
                Ok(()) => error.set(None),
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let on_cancel = props.on_cancel.clone();
    let cancel = Callback::from(move |_: MouseEvent| on_cancel.emit(()));
    // Counted as the name rule counts, so the counter and the rule never disagree.
    let typed = name_length(&name, &BrowserUnicode);

    html! {
        <Modal title={html! { "Create new secret key" }} on_close={props.on_cancel.clone()}>
            <form class="dialog-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for={(*input_id).clone()}>{ "Name" }</label>
                    <input
                        id={(*input_id).clone()}
                        type="text"
                        value={(*name).clone()}
                        {oninput}
                        autofocus=true
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="e.g. Production server"
                        aria-invalid={if error.is_some() { "true" } else { "false" }}
                        aria-describedby={format!("{} {}", error_id, hint_id)}
                    />
                    <p id={(*hint_id).clone()} class="field-hint">
                        { format!("Something to recognise it by, up to {MAX_NAME_CHARS} characters.") }
                        <span class={classes!("counter", (typed > MAX_NAME_CHARS).then_some("over"))} aria-hidden="true">
                            { format!("{typed}/{MAX_NAME_CHARS}") }
                        </span>
                    </p>
                    <p id={(*error_id).clone()} class="field-error" aria-live="polite">
                        { (*error).clone().unwrap_or_default() }
                    </p>
                </div>
                <div class="dialog-actions">
                    <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
                    <button type="submit" class="button primary">{ "Create secret key" }</button>
                </div>
            </form>
        </Modal>
    }
}
