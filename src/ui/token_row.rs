//! One row of the token table, with inline renaming.

use std::rc::Rc;

use uuid::Uuid;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::unique_id;
use crate::core::lifecycle::{RotationReason, Status};
use crate::core::{Column, ColumnVisibility, Timestamp, TokenRecord};
use crate::platform::dates::{format_local, format_local_date};

#[derive(Properties, PartialEq)]
pub struct TokenRowProps {
    /// The record shown.
    pub token: Rc<TokenRecord>,
    /// The row's position in the whole table, from 1 (the header row), for `aria-rowindex`.
    pub row_index: usize,
    /// The key's status now.
    pub status: Status,
    /// Why the key should be replaced soon, if it should.
    #[prop_or_default]
    pub rotation: Option<RotationReason>,
    /// Whether the row's checkbox is ticked (`None`: the row has no checkbox).
    #[prop_or_default]
    pub selected: Option<bool>,
    /// Ticks or unticks the key.
    pub on_select: Callback<(Uuid, bool)>,
    /// Which columns are shown.
    pub columns: ColumnVisibility,
    /// Whether the key may only be looked at.
    #[prop_or_default]
    pub read_only: bool,
    /// Renames the key; returns the error to show inline if the name was refused.
    pub on_rename: Callback<(Uuid, String), Result<(), String>>,
    /// Asks to revoke the key (opens the confirmation).
    pub on_revoke: Callback<Uuid>,
    /// Asks to delete the revoked key's record (opens the confirmation).
    pub on_delete: Callback<Uuid>,
    /// Asks to give the key a new secret (opens the Regenerate dialog).
    pub on_regenerate: Callback<Uuid>,
}

/// A token's row. Double-click the name, or press its Rename button, to edit the name in place:
/// Enter saves, Escape cancels, leaving the field saves when the name is valid. Leaving a field
/// the user did not change saves nothing, so a stored name is never rewritten by just looking.
#[component]
pub fn TokenRow(props: &TokenRowProps) -> Html {
    let token = &props.token;
    // The key whose name is being edited. The table reuses a row for another key when its list
    // changes (rows follow positions, which is far cheaper than building them again), and an
    // edit belongs to the key it was opened for: shown and saved only for that key.
    let editing_key = use_state(|| None::<Uuid>);
    let editing = *editing_key == Some(token.id);
    let draft = use_state(String::new);
    let error = use_state(|| None::<String>);
    // Set while the editor is open; cleared by whichever of Enter, Escape or blur ends it
    // first, so the blur that follows removing the field does not save twice.
    let editor_open = use_mut_ref(|| false);
    // Whether focus goes back to the Rename button when editing ends (keyboard endings).
    // Holds the key whose Rename button it is: the row may show another key by then (a rename
    // can move its key elsewhere in a sorted list).
    let refocus = use_mut_ref(|| None::<Uuid>);
    // The field's value when editing began, read back from the field once it is shown: a text
    // field drops line breaks from what it is given, so a stored name may never equal what the
    // field shows. `None` until the field first appears in this edit.
    let opened_with = use_mut_ref(|| None::<String>);
    let input_ref = use_node_ref();
    let error_id = use_memo((), |_| unique_id("rename-error"));

    // Editing can start from the Rename button while the Name column is hidden; the field then
    // appears only when the column is shown again, and that is when editing begins for it.
    let field_shown = editing && props.columns.is_visible(Column::Name);
    {
        // The row now shows another key: whatever edit was open here is dropped, unsaved.
        let editing_key = editing_key.clone();
        let editor_open = editor_open.clone();
        let error = error.clone();
        use_effect_with(token.id, move |id| {
            if editing_key.is_some_and(|key| key != *id) {
                *editor_open.borrow_mut() = false;
                error.set(None);
                editing_key.set(None);
            }
        });
    }
    {
        let input_ref = input_ref.clone();
        let refocus = refocus.clone();
        let opened_with = opened_with.clone();
        use_effect_with(field_shown, move |shown| {
            if *shown {
                let mut opened_with = opened_with.borrow_mut();
                if let (Some(input), None) = (input_ref.cast::<HtmlInputElement>(), &*opened_with) {
                    *opened_with = Some(input.value());
                    let _ = input.focus();
                    input.select();
                }
            } else if let Some(key) = refocus.borrow_mut().take() {
                let button = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| {
                        d.query_selector(&format!("button[data-rename-for=\"{key}\"]"))
                            .ok()
                            .flatten()
                    })
                    .and_then(|b| b.dyn_into::<HtmlElement>().ok());
                if let Some(button) = button {
                    let _ = button.focus();
                }
            }
        });
    }

    let start_editing = {
        let editing_key = editing_key.clone();
        let id = token.id;
        let draft = draft.clone();
        let error = error.clone();
        let editor_open = editor_open.clone();
        let opened_with = opened_with.clone();
        let name = token.name.clone();
        let read_only = props.read_only;
        Callback::from(move |_: MouseEvent| {
            if !read_only && !*editor_open.borrow() {
                *editor_open.borrow_mut() = true;
                *opened_with.borrow_mut() = None;
                draft.set(name.clone());
                error.set(None);
                editing_key.set(Some(id));
            }
        })
    };

    // Ends editing: saves when `save` is set and the user changed the field, to something
    // other than the stored name. When the name is refused, shows why and leaves the editor
    // open. An unchanged field is neither validated nor saved: the stored name may be one
    // today's rules would trim or refuse, and the user did not ask to change it.
    let finish = {
        let editing_key = editing_key.clone();
        let error = error.clone();
        let editor_open = editor_open.clone();
        let on_rename = props.on_rename.clone();
        let opened_with = opened_with.clone();
        let id = token.id;
        let current = token.name.clone();
        move |value: String, save: bool| {
            if !*editor_open.borrow() {
                return;
            }
            // An edit opened for another key than the one this row shows now saves nothing.
            let save = save && *editing_key == Some(id);
            let changed =
                opened_with.borrow().as_deref() != Some(value.as_str()) && value.trim() != current;
            if save && changed {
                if let Err(message) = on_rename.emit((id, value)) {
                    error.set(Some(message));
                    return;
                }
            }
            *editor_open.borrow_mut() = false;
            error.set(None);
            editing_key.set(None);
        }
    };

    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            draft.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let onkeydown = {
        let finish = finish.clone();
        let refocus = refocus.clone();
        let id = token.id;
        Callback::from(move |event: KeyboardEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            match event.key().as_str() {
                "Enter" => {
                    event.prevent_default();
                    *refocus.borrow_mut() = Some(id);
                    finish(value, true);
                }
                "Escape" => {
                    event.prevent_default();
                    *refocus.borrow_mut() = Some(id);
                    finish(value, false);
                }
                _ => {}
            }
        })
    };
    let onblur = {
        let finish = finish.clone();
        let refocus = refocus.clone();
        Callback::from(move |event: FocusEvent| {
            *refocus.borrow_mut() = None;
            finish(
                event.target_unchecked_into::<HtmlInputElement>().value(),
                true,
            );
        })
    };
    let revoke = {
        let on_revoke = props.on_revoke.clone();
        let id = token.id;
        Callback::from(move |_: MouseEvent| on_revoke.emit(id))
    };
    let regenerate = {
        let on_regenerate = props.on_regenerate.clone();
        let id = token.id;
        Callback::from(move |_: MouseEvent| on_regenerate.emit(id))
    };
    let delete = {
        let on_delete = props.on_delete.clone();
        let id = token.id;
        Callback::from(move |_: MouseEvent| on_delete.emit(id))
    };
    let select = {
        let on_select = props.on_select.clone();
        let id = token.id;
        Callback::from(move |event: Event| {
            on_select.emit((
                id,
                event.target_unchecked_into::<HtmlInputElement>().checked(),
            ));
        })
    };

    let cell = |column: Column| -> Html {
        let label = column.label();
        match column {
            Column::Name if editing => html! {
                <td class="cell-name editing" data-label={label}>
                    <input
                        ref={input_ref.clone()}
                        class="rename-field"
                        type="text"
                        value={(*draft).clone()}
                        aria-label={format!("New name for {}", token.name)}
                        aria-invalid={if error.is_some() { "true" } else { "false" }}
                        aria-describedby={(*error_id).clone()}
                        autocomplete="off"
                        spellcheck="false"
                        oninput={oninput.clone()}
                        onkeydown={onkeydown.clone()}
                        onblur={onblur.clone()}
                    />
                    <p id={(*error_id).clone()} class="field-error" aria-live="polite">
                        { (*error).clone().unwrap_or_default() }
                    </p>
                </td>
            },
            Column::Name => html! {
                <td class="cell-name" data-label={label} ondblclick={start_editing.clone()}
                    title={(!props.read_only).then_some("Double-click to rename")}>
                    <bdi class="token-name">{ token.name.clone() }</bdi>
                </td>
            },
            Column::Key => html! {
                <td class="cell-key" data-label={label}><code>{ token.display.clone() }</code></td>
            },
            Column::Created => html! {
                <td data-label={label}>{ date_cell(Some(token.created_at), format_local) }</td>
            },
            Column::LastUsed => html! {
                <td data-label={label}>{ date_cell(token.last_used_at, format_local) }</td>
            },
            Column::Expires => html! {
                <td data-label={label}>{ date_cell(token.expires_at, format_local_date) }</td>
            },
            Column::Status => html! {
                <td class="cell-status" data-label={label}>
                    <span class="status-line">
                        <span class={format!("badge status-{}", props.status.id())}>{ props.status.label() }</span>
                        if let Some(reason) = props.rotation {
                            // A button to Regenerate, so the hint is reachable with the keyboard
                            // (and its reason with it), even with the Actions column hidden.
                            <button type="button" class="rotate-hint" title={reason.description()}
                                aria-label={format!("Rotate {}", token.name)}
                                aria-describedby={format!("rotate-{}", token.id)}
                                disabled={props.read_only}
                                onclick={regenerate.clone()}>{ "Rotate" }</button>
                            <span id={format!("rotate-{}", token.id)} hidden=true>{ reason.description() }</span>
                        }
                    </span>
                </td>
            },
            Column::Actions if props.read_only => html! {
                <td class="cell-actions" data-label={label}><span class="muted">{ "Read-only" }</span></td>
            },
            Column::Actions if !token.is_active() => html! {
                <td class="cell-actions" data-label={label}>
                    <div class="row-actions">
                        <button type="button" class="button ghost small danger-text"
                            aria-label={format!("Delete {}", token.name)}
                            onclick={delete.clone()}>
                            { "Delete" }
                        </button>
                    </div>
                </td>
            },
            Column::Actions => html! {
                <td class="cell-actions" data-label={label}>
                    <div class="row-actions">
                        // Named in full by `aria-label` rather than hidden text: two elements
                        // fewer per button to build on every page turn.
                        <button type="button" class="button ghost small"
                            data-rename-for={token.id.to_string()}
                            aria-label={format!("Rename {}", token.name)}
                            onclick={start_editing.clone()}>
                            { "Rename" }
                        </button>
                        // An expired key would get an expired secret: it is replaced by
                        // creating a new key instead.
                        if props.status != Status::Expired {
                            <button type="button" class="button ghost small"
                                aria-label={format!("Regenerate {}", token.name)}
                                onclick={regenerate.clone()}>
                                { "Regenerate" }
                            </button>
                        }
                        <button type="button" class="button ghost small danger-text"
                            aria-label={format!("Revoke {}", token.name)}
                            onclick={revoke.clone()}>
                            { "Revoke" }
                        </button>
                    </div>
                </td>
            },
        }
    };

    html! {
        <tr aria-rowindex={props.row_index.to_string()}>
            if let Some(selected) = props.selected {
                <td class="cell-select">
                    <input type="checkbox" checked={selected} onchange={select}
                        aria-label={format!("Select {}", token.name)} />
                </td>
            }
            { for props.columns.visible().map(cell) }
        </tr>
    }
}

/// A date cell: `at` written by `format` (with its exact instant for machines), or "Never".
fn date_cell(at: Option<Timestamp>, format: fn(chrono::DateTime<chrono::Utc>) -> String) -> Html {
    match at {
        Some(at) => html! {
            <time datetime={at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)}>
                { format(at.to_utc()) }
            </time>
        },
        None => html! { <span class="muted">{ "Never" }</span> },
    }
}
