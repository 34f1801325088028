//! The "Create new secret key" dialog: a name and an expiration, validated on submit.

use chrono::Utc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{choice_group, unique_id, Modal};
use crate::core::lifecycle::{
    custom_date_range, iso_date, parse_date_field, Expiration, ExpirationError,
};
use crate::core::{name_length, MAX_NAME_CHARS};
use crate::platform::dates::BrowserCalendar;
use crate::platform::text::BrowserUnicode;

/// Why a key was not created: each message goes under its own field, or under the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateProblems {
    /// What is wrong with the name.
    pub name: Option<String>,
    /// What is wrong with the picked date.
    pub expiration: Option<String>,
    /// Anything else (storage, the random source).
    pub other: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct CreateDialogProps {
    /// Called with the typed name and the chosen expiration (or why the picked date cannot be
    /// read); checks both, and returns what to show if the key was not created.
    pub on_create:
        Callback<(String, Result<Expiration, ExpirationError>), Result<(), CreateProblems>>,
    /// Called when the user cancels.
    pub on_cancel: Callback<()>,
}

/// Asks for a name and an expiration, and creates a key with them.
#[component]
pub fn CreateDialog(props: &CreateDialogProps) -> Html {
    let name = use_state(String::new);
    // The chosen expiration: a preset, or `None` for "Custom date" (the date field says which).
    let choice = use_state(|| Some(Expiration::default()));
    let problems = use_state(CreateProblems::default);
    let input_id = use_memo((), |_| unique_id("create-name"));
    let hint_id = use_memo((), |_| unique_id("create-hint"));
    let error_id = use_memo((), |_| unique_id("create-error"));
    let date_id = use_memo((), |_| unique_id("create-date"));
    let date_error_id = use_memo((), |_| unique_id("create-date-error"));
    let date_hint_id = use_memo((), |_| unique_id("create-date-hint"));
    let date_ref = use_node_ref();
    let (min, max) = custom_date_range(Utc::now(), &BrowserCalendar);

    let oninput = {
        let name = name.clone();
        Callback::from(move |event: InputEvent| {
            name.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_choice = {
        let choice = choice.clone();
        Callback::from(move |picked: Option<Expiration>| choice.set(picked))
    };
    let onsubmit = {
        let name = name.clone();
        let choice = choice.clone();
        let problems = problems.clone();
        let on_create = props.on_create.clone();
        let date_ref = date_ref.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let expiration = match *choice {
                Some(preset) => Ok(preset),
                None => {
                    // The date is read from the field itself, which keeps what was typed.
                    let typed = date_ref
                        .cast::<HtmlInputElement>()
                        .map(|field| field.value())
                        .unwrap_or_default();
                    parse_date_field(&typed).map(Expiration::On)
                }
            };
            let result = on_create.emit(((*name).clone(), expiration));
            problems.set(result.err().unwrap_or_default());
        })
    };
    let on_cancel = props.on_cancel.clone();
    let cancel = Callback::from(move |_: MouseEvent| on_cancel.emit(()));
    // Counted as the name rule counts, so the counter and the rule never disagree.
    let typed = name_length(&name, &BrowserUnicode);
    let custom = choice.is_none();
    let choices: Vec<(Option<Expiration>, &'static str)> = Expiration::PRESETS
        .iter()
        .map(|&(preset, label)| (Some(preset), label))
        .chain([(None, "Custom date")])
        .collect();

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
                        aria-invalid={if problems.name.is_some() { "true" } else { "false" }}
                        aria-describedby={format!("{} {}", error_id, hint_id)}
                    />
                    <p id={(*hint_id).clone()} class="field-hint">
                        { format!("Something to recognise it by, up to {MAX_NAME_CHARS} characters.") }
                        <span class={classes!("counter", (typed > MAX_NAME_CHARS).then_some("over"))} aria-hidden="true">
                            { format!("{typed}/{MAX_NAME_CHARS}") }
                        </span>
                    </p>
                    <p id={(*error_id).clone()} class="field-error" aria-live="polite">
                        { problems.name.clone().unwrap_or_default() }
                    </p>
                </div>
                { choice_group("Expiration", "expiration", &choices, *choice, on_choice, html! {
                    if custom {
                        <div class="field date-field">
                            <label for={(*date_id).clone()}>{ "Expiration date" }</label>
                            <input
                                id={(*date_id).clone()}
                                ref={date_ref}
                                type="date"
                                min={iso_date(min)}
                                max={iso_date(max)}
                                aria-invalid={if problems.expiration.is_some() { "true" } else { "false" }}
                                aria-describedby={format!("{} {}", date_error_id, date_hint_id)}
                            />
                            <p id={(*date_hint_id).clone()} class="field-hint">
                                { format!("The key stops working when this day begins: from tomorrow to {}.", iso_date(max)) }
                            </p>
                            <p id={(*date_error_id).clone()} class="field-error" aria-live="polite">
                                { problems.expiration.clone().unwrap_or_default() }
                            </p>
                        </div>
                    }
                }) }
                if let Some(message) = problems.other.clone() {
                    <p class="field-error" role="alert">{ message }</p>
                }
                <div class="dialog-actions">
                    <button type="button" class="button secondary" onclick={cancel}>{ "Cancel" }</button>
                    <button type="submit" class="button primary">{ "Create secret key" }</button>
                </div>
            </form>
        </Modal>
    }
}
