//! The "Create new secret key" dialog: a name and an expiration, validated on submit.

use chrono::Utc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{unique_id, Modal};
use crate::core::lifecycle::{custom_date_range, iso_date, parse_date_field, Expiration};
use crate::core::{name_length, TokenName, MAX_NAME_CHARS};
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
    /// Called with the typed name and the chosen expiration; returns what to show if the key
    /// was not created.
    pub on_create: Callback<(String, Expiration), Result<(), CreateProblems>>,
    /// Called when the user cancels.
    pub on_cancel: Callback<()>,
}

/// The radio value of "Custom date".
const CUSTOM: &str = "custom";

/// The radio value of a preset.
fn preset_value(expiration: Expiration) -> String {
    match expiration {
        Expiration::Never => "never".to_owned(),
        Expiration::Days(days) => format!("{days}d"),
        Expiration::On(_) => CUSTOM.to_owned(),
    }
}

/// Asks for a name and an expiration, and creates a key with them.
#[component]
pub fn CreateDialog(props: &CreateDialogProps) -> Html {
    let name = use_state(String::new);
    // The chosen radio's value: a preset's, or `CUSTOM`.
    let choice = use_state(|| preset_value(Expiration::default()));
    let date = use_state(String::new);
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
        Callback::from(move |event: Event| {
            choice.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_date = {
        let date = date.clone();
        Callback::from(move |event: Event| {
            date.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onsubmit = {
        let name = name.clone();
        let choice = choice.clone();
        let problems = problems.clone();
        let on_create = props.on_create.clone();
        let date_ref = date_ref.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let expiration = if *choice == CUSTOM {
                // Read from the field itself: a typed date may not have fired `change` yet.
                let typed = date_ref
                    .cast::<HtmlInputElement>()
                    .map(|field| field.value())
                    .unwrap_or_default();
                parse_date_field(&typed).map(Expiration::On)
            } else {
                Ok(Expiration::PRESETS
                    .iter()
                    .map(|(preset, _)| *preset)
                    .find(|preset| preset_value(*preset) == *choice)
                    .unwrap_or_default())
            };
            let result = match expiration {
                Ok(expiration) => on_create.emit(((*name).clone(), expiration)),
                Err(error) => {
                    // The name is checked too, so both problems show at once.
                    let name_problem = TokenName::parse(&name, &BrowserUnicode)
                        .err()
                        .map(|e| e.to_string());
                    Err(CreateProblems {
                        name: name_problem,
                        expiration: Some(error.to_string()),
                        other: None,
                    })
                }
            };
            problems.set(result.err().unwrap_or_default());
        })
    };
    let on_cancel = props.on_cancel.clone();
    let cancel = Callback::from(move |_: MouseEvent| on_cancel.emit(()));
    // Counted as the name rule counts, so the counter and the rule never disagree.
    let typed = name_length(&name, &BrowserUnicode);
    let custom = *choice == CUSTOM;

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
                <fieldset class="field expiration">
                    <legend>{ "Expiration" }</legend>
                    <div class="choices">
                        { for Expiration::PRESETS.iter().map(|(preset, label)| {
                            let value = preset_value(*preset);
                            html! {
                                <label class="choice">
                                    <input type="radio" name="expiration" value={value.clone()}
                                        checked={*choice == value} onchange={on_choice.clone()} />
                                    { *label }
                                </label>
                            }
                        }) }
                        <label class="choice">
                            <input type="radio" name="expiration" value={CUSTOM}
                                checked={custom} onchange={on_choice.clone()} />
                            { "Custom date" }
                        </label>
                    </div>
                    if custom {
                        <div class="field date-field">
                            <label for={(*date_id).clone()}>{ "Expiration date" }</label>
                            <input
                                id={(*date_id).clone()}
                                ref={date_ref}
                                type="date"
                                min={iso_date(min)}
                                max={iso_date(max)}
                                value={(*date).clone()}
                                onchange={on_date}
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
                </fieldset>
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
