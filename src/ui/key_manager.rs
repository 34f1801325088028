//! The whole key-management surface over any [`KeyValueStore`]: the "API keys" section with
//! its table, column toggles and dialogs. Embeddable in other Yew apps.

use std::rc::Rc;

use chrono::Utc;
use uuid::Uuid;
use yew::prelude::*;

use super::{
    pager, search_box, unique_id, ColumnToggles, ConfirmDialog, CreateDialog, CreateProblems,
    RegenerateDialog, RevealDialog, StorageNotices, TokenTable, UndoToast, VerdictView,
    VerifyDialog, UNDO_WINDOW_MS,
};
use crate::core::dialog::{Dialog, Pending};
use crate::core::lifecycle::{expiry, status, Expiration, ExpirationError, GracePeriod};
use crate::core::listing::{key_count, NameQuery, Page};
use crate::core::selection::{selected_count, Selection};
use crate::core::verify::verify;
use crate::core::view::StatusFilter;
use crate::core::{Action, Column, KeyValueStore, TokenName, TokenRecord};
use crate::hooks::{use_focus_fallback, use_keyring, use_minute, KeyringHandle};
use crate::platform::dates::{format_local, BrowserCalendar};
use crate::platform::download::download_text;
use crate::platform::text::BrowserUnicode;

#[derive(Properties, Clone)]
pub struct KeyManagerProps {
    /// Where records and settings are kept (localStorage in the app).
    pub storage: Rc<dyn KeyValueStore>,
}

impl PartialEq for KeyManagerProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.storage, &other.storage)
    }
}

/// Lists, creates, renames and revokes keys.
#[component]
pub fn KeyManager(props: &KeyManagerProps) -> Html {
    let store = use_keyring(props.storage.clone());
    // Changed at once by every handler (see `Dialog`); the screen follows with a re-render.
    let dialog = use_mut_ref(Dialog::default);
    let rerender = use_force_update();
    let announcement = use_state(String::new);
    let column_error = use_state(|| None::<String>);
    let heading_ref = use_node_ref();
    let heading_id = use_memo((), |_| unique_id("keys-heading"));
    use_focus_fallback(dialog.borrow().is_open(), heading_ref.clone());
    // The unreadable-storage banner leaves with the button that was pressed in it (Start fresh).
    use_focus_fallback(store.tokens_problem().is_some(), heading_ref.clone());
    // And so does the undo toast, with the Undo or Dismiss button that was pressed in it.
    let undo = use_state(|| None::<Rc<UndoOffer>>);
    use_focus_fallback(undo.is_some(), heading_ref.clone());
    // Set when a revoke or a delete is confirmed. Closing the dialog gives focus back to the
    // button that opened it, but rows follow positions: that button now belongs to the key
    // that moved up into the row, so focus goes to the heading instead, once the dialog is gone.
    let focus_heading = use_mut_ref(|| false);
    {
        let focus_heading = focus_heading.clone();
        let heading_ref = heading_ref.clone();
        use_effect(move || {
            if std::mem::take(&mut *focus_heading.borrow_mut()) {
                if let Some(heading) = heading_ref.cast::<web_sys::HtmlElement>() {
                    let _ = heading.focus();
                }
            }
        });
    }

    let keyring = store.keyring();
    let view = keyring.view;
    // Statuses move on with the clock: the lists below are worked out again each minute (and
    // whenever the keys change), each time at the current time.
    let minute = use_minute();
    // The search is not kept: it starts empty at every visit.
    let query = use_state(String::new);
    let page_number = use_state(|| 0_usize);
    let selection = use_state(|| Rc::new(Selection::default()));
    let search_ref = use_node_ref();
    let search_id = use_memo((), |_| unique_id("search"));
    let filter_id = use_memo((), |_| unique_id("status-filter"));
    // Every key in the chosen order, with its status now, worked out only when the keys, the
    // order or the minute change; a keystroke in the search then only filters.
    let sorted = use_memo(
        (keyring.clone(), view.sort, minute),
        |(keyring, sort, _)| {
            let now = Utc::now();
            Rc::new(
                sort.arrange(&keyring.tokens, now, &BrowserUnicode)
                    .into_iter()
                    .map(|token| {
                        let status = status(&token, now);
                        (token, status)
                    })
                    .collect::<Vec<_>>(),
            )
        },
    );
    // The keys the filter lets through, counted, and those of them the search matches.
    let listing = use_memo(
        ((*sorted).clone(), view.filter, (*query).clone()),
        |(sorted, filter, query)| {
            let query = NameQuery::new(query, &BrowserUnicode);
            let mut filtered_count = 0;
            let matching = sorted
                .iter()
                .filter(|(_, status)| filter.admits(*status))
                .inspect(|_| filtered_count += 1)
                .filter(|(token, _)| query.matches(&token.name, &BrowserUnicode))
                .map(|(token, _)| token.clone())
                .collect::<Vec<_>>();
            (filtered_count, Rc::new(matching))
        },
    );
    let (filtered_count, matching) = (listing.0, listing.1.clone());
    let page = Page::of(matching.len(), *page_number);
    // Only the page's rows are rendered, so the table costs the same at any number of keys.
    let rows = use_memo((matching.clone(), page), |(matching, page)| {
        Rc::new(matching[page.start..page.end].to_vec())
    });
    let searching = !query.trim().is_empty();
    let selectable = view.filter != StatusFilter::Revoked;
    let selected = use_memo(
        (matching.clone(), (*selection).clone()),
        |(matching, selection)| Rc::new(selection.effective(matching)),
    );
    let all_selected = Selection::all_state(&matching, selected.len());

    // Row callbacks stay the same across renders so unchanged rows are not re-rendered.
    let on_rename = {
        let store = store.clone();
        let announcement = announcement.clone();
        use_callback((), move |(id, name): (Uuid, String), _| {
            let name = TokenName::parse(&name, &BrowserUnicode).map_err(|e| e.to_string())?;
            store.apply(Action::Rename {
                id,
                name: name.clone(),
            })?;
            announcement.set(format!("Renamed to \u{201c}{}\u{201d}.", name.as_str()));
            Ok(())
        })
    };
    let on_revoke = use_asker(&store, &dialog, &rerender, |dialog, id, name| {
        dialog.ask(Pending::Revoke { id, name })
    });
    let on_regenerate = use_asker(&store, &dialog, &rerender, Dialog::ask_regenerate);
    let on_delete = use_asker(&store, &dialog, &rerender, |dialog, id, name| {
        dialog.ask(Pending::Delete { id, name })
    });
    let on_select = {
        let selection = selection.clone();
        use_callback((), move |(id, on): (Uuid, bool), _| {
            let mut next = (**selection).clone();
            next.set(id, on);
            selection.set(Rc::new(next));
        })
    };
    let on_select_all = {
        let selection = selection.clone();
        let matching = matching.clone();
        Callback::from(move |on: bool| {
            let mut next = (**selection).clone();
            next.set_all(&matching, on);
            selection.set(Rc::new(next));
        })
    };
    let ask_revoke_selected = {
        let dialog = dialog.clone();
        let rerender = rerender.clone();
        let selected = selected.clone();
        Callback::from(move |_: MouseEvent| {
            if !selected.is_empty() {
                let ids = (**selected).clone();
                if dialog.borrow_mut().ask(Pending::RevokeSelected { ids }) {
                    rerender.force_update();
                }
            }
        })
    };
    let on_sort = {
        let store = store.clone();
        let column_error = column_error.clone();
        use_callback(view.sort, move |column: Column, sort| {
            column_error.set(store.apply(Action::SetSort(sort.after_click(column))).err());
        })
    };
    let on_filter = {
        let store = store.clone();
        let column_error = column_error.clone();
        let page_number = page_number.clone();
        Callback::from(move |id: String| {
            if let Some(filter) = StatusFilter::from_id(&id) {
                column_error.set(store.apply(Action::SetFilter(filter)).err());
                page_number.set(0);
            }
        })
    };
    let show_all = {
        let on_filter = on_filter.clone();
        Callback::from(move |_: MouseEvent| on_filter.emit(StatusFilter::All.id().to_owned()))
    };
    let on_undo = {
        let store = store.clone();
        let undo = undo.clone();
        let announcement = announcement.clone();
        let column_error = column_error.clone();
        Callback::from(move |()| {
            let Some(offer) = (*undo).clone() else {
                return;
            };
            undo.set(None);
            let restore = Action::Unrevoke {
                records: offer.records.clone(),
                at: offer.at,
            };
            match store.apply(restore) {
                Ok(()) => announcement.set(format!("Undone: restored {}.", offer.subject)),
                Err(error) => {
                    column_error.set(Some(format!("The revoke could not be undone: {error}")))
                }
            }
        })
    };
    let on_dismiss_undo = {
        let undo = undo.clone();
        Callback::from(move |()| undo.set(None))
    };
    let on_toggle = {
        let store = store.clone();
        let column_error = column_error.clone();
        use_callback((), move |(column, visible): (Column, bool), _| {
            column_error.set(
                store
                    .apply(Action::SetColumnVisible { column, visible })
                    .err(),
            );
        })
    };

    let on_search = {
        let query = query.clone();
        let page_number = page_number.clone();
        Callback::from(move |text: String| {
            query.set(text);
            page_number.set(0);
        })
    };
    let clear_search = {
        let on_search = on_search.clone();
        let search_ref = search_ref.clone();
        Callback::from(move |_: MouseEvent| {
            on_search.emit(String::new());
            // The button goes away with the empty result; the search field takes the focus.
            if let Some(field) = search_ref.cast::<web_sys::HtmlElement>() {
                let _ = field.focus();
            }
        })
    };
    let on_page = {
        let page_number = page_number.clone();
        Callback::from(move |number: usize| page_number.set(number))
    };

    let open_create = opener(&dialog, &rerender, Dialog::open_create);
    let open_verify = opener(&dialog, &rerender, Dialog::open_verify);
    let close = {
        let dialog = dialog.clone();
        let rerender = rerender.clone();
        Callback::from(move |()| {
            dialog.borrow_mut().close();
            rerender.force_update();
        })
    };

    let dialog_html = match &*dialog.borrow() {
        Dialog::Closed => html! {},
        Dialog::Create => {
            let store = store.clone();
            let dialog = dialog.clone();
            let rerender = rerender.clone();
            let announcement = announcement.clone();
            let on_search = on_search.clone();
            let on_create = Callback::from(
                move |(name, expiration): (String, Result<Expiration, ExpirationError>)| {
                    // Both are checked, so that both problems show at once.
                    let name = TokenName::parse(&name, &BrowserUnicode);
                    let expires_at =
                        expiration.and_then(|choice| expiry(choice, Utc::now(), &BrowserCalendar));
                    let (name, expires_at) = match (name, expires_at) {
                        (Ok(name), Ok(expires_at)) => (name, expires_at),
                        (name, expires_at) => {
                            return Err(CreateProblems {
                                name: name.err().map(|e| e.to_string()),
                                expiration: expires_at.err().map(|e| e.to_string()),
                                other: None,
                            })
                        }
                    };
                    let created = dialog
                        .borrow_mut()
                        .submit_create(|| {
                            let secret = store.create(name.clone(), expires_at)?;
                            Ok::<_, String>((name.into_string(), secret))
                        })
                        .map_err(|message| CreateProblems {
                            other: Some(message),
                            ..CreateProblems::default()
                        })?;
                    if created {
                        // The new key is first in the table: show that page, unfiltered.
                        on_search.emit(String::new());
                        if let Dialog::Reveal { name, .. } = &*dialog.borrow() {
                            announcement.set(format!("Key \u{201c}{name}\u{201d} created."));
                        }
                        rerender.force_update();
                    }
                    Ok(())
                },
            );
            html! { <CreateDialog {on_create} on_cancel={close.clone()} /> }
        }
        Dialog::Verify => {
            let store = store.clone();
            let on_verify = Callback::from(move |candidate: zeroize::Zeroizing<String>| {
                let keyring = store.keyring();
                let now = Utc::now();
                let verdict = verify(&candidate, keyring.tokens.iter().map(|t| &**t), now);
                let mut sentence = verdict.sentence(&format_local);
                if let Some(used) = verdict.use_recorded(now) {
                    if let Err(error) = store.apply(used) {
                        sentence.push_str(&format!(" Its last use could not be saved: {error}"));
                    }
                }
                VerdictView {
                    label: AttrValue::from(verdict.label()),
                    sentence: AttrValue::from(sentence),
                }
            });
            html! { <VerifyDialog {on_verify} on_close={close.clone()} /> }
        }
        Dialog::Regenerate { name, error, .. } => {
            let store = store.clone();
            let dialog = dialog.clone();
            let rerender = rerender.clone();
            let announcement = announcement.clone();
            let on_confirm = Callback::from(move |grace: GracePeriod| {
                let regenerated = dialog
                    .borrow_mut()
                    .submit_regenerate(|id| store.regenerate(id, grace));
                if regenerated {
                    if let Dialog::Reveal { name, .. } = &*dialog.borrow() {
                        announcement.set(format!("Key \u{201c}{name}\u{201d} regenerated."));
                    }
                }
                rerender.force_update();
            });
            html! {
                <RegenerateDialog
                    name={AttrValue::from(name.clone())}
                    error={error.clone().map(AttrValue::from)}
                    {on_confirm}
                    on_cancel={close.clone()}
                />
            }
        }
        Dialog::Reveal { name, secret } => html! {
            <RevealDialog name={AttrValue::from(name.clone())} secret={secret.clone()} on_done={close.clone()} />
        },
        Dialog::Confirm { pending, error } => {
            let store = store.clone();
            let dialog = dialog.clone();
            let rerender = rerender.clone();
            let announcement = announcement.clone();
            let undo = undo.clone();
            let selection = selection.clone();
            let focus_heading = focus_heading.clone();
            let on_confirm = Callback::from(move |()| {
                // The revoke's time marks the records it revoked, for Undo to find them.
                let at = Utc::now();
                let done = dialog.borrow_mut().confirm(|pending| {
                    store.apply(match pending {
                        Pending::Revoke { id, .. } => Action::Revoke { id: *id, at },
                        Pending::RevokeSelected { ids } => Action::RevokeMany {
                            ids: ids.clone(),
                            at,
                        },
                        Pending::Delete { id, .. } => Action::Delete { id: *id },
                    })
                });
                *focus_heading.borrow_mut() = done.is_some();
                match done {
                    Some(Pending::Delete { name, .. }) => {
                        announcement.set(format!("Key \u{201c}{name}\u{201d} deleted."));
                    }
                    Some(pending) => {
                        let records: Vec<Rc<TokenRecord>> = store
                            .keyring()
                            .tokens
                            .iter()
                            .filter(|t| t.revoked_at == Some(at.fixed_offset()))
                            .cloned()
                            .collect();
                        // What the toast names: the key revoked from its row, the one key
                        // selected, or how many were.
                        let (subject, said) = match (&pending, records.as_slice()) {
                            (Pending::Revoke { name, .. }, _) => {
                                (name.clone(), format!("Key \u{201c}{name}\u{201d} revoked."))
                            }
                            (_, [one]) => (one.name.clone(), "1 key revoked.".to_owned()),
                            (_, many) => {
                                let count = key_count(many.len());
                                (count.clone(), format!("{count} revoked."))
                            }
                        };
                        announcement.set(format!(
                            "{said} Undo is offered for {} seconds.",
                            UNDO_WINDOW_MS / 1000
                        ));
                        selection.set(Rc::new(Selection::default()));
                        let serial = undo.as_ref().map_or(0, |offer| offer.serial + 1);
                        undo.set(Some(Rc::new(UndoOffer {
                            serial,
                            subject,
                            records,
                            at,
                        })));
                    }
                    None => {}
                }
                rerender.force_update();
            });
            let undo_for = format!("You can undo this for {} seconds.", UNDO_WINDOW_MS / 1000);
            let (title, body, confirm_label) = match pending {
                Pending::Revoke { name, .. } => (
                    html! { <>{ "Revoke " }<bdi>{ name.clone() }</bdi>{ "?" }</> },
                    format!(
                        "Apps and scripts using this key will stop working at once. {undo_for}"
                    ),
                    "Revoke key",
                ),
                Pending::RevokeSelected { ids } => (
                    html! { { format!("Revoke {}?", key_count(ids.len())) } },
                    format!(
                        "Apps and scripts using these keys will stop working at once. {undo_for}"
                    ),
                    if ids.len() == 1 {
                        "Revoke key"
                    } else {
                        "Revoke keys"
                    },
                ),
                Pending::Delete { name, .. } => (
                    html! { <>{ "Delete " }<bdi>{ name.clone() }</bdi>{ "?" }</> },
                    "The record of this revoked key is removed for good. This cannot be undone."
                        .to_owned(),
                    "Delete key",
                ),
            };
            html! {
                <ConfirmDialog
                    {title}
                    body={AttrValue::from(body)}
                    confirm_label={AttrValue::from(confirm_label)}
                    error={error.clone().map(AttrValue::from)}
                    {on_confirm}
                    on_cancel={close.clone()}
                />
            }
        }
    };

    let tokens_problem = store.tokens_problem();
    let read_only = tokens_problem.is_some();
    // Kept across renders, so a keystroke in the search field does not re-render the notices.
    let on_download = {
        let store = store.clone();
        use_callback((), move |(), _| {
            let text = store
                .stored_tokens_text()?
                .ok_or("Nothing is stored any more, so there is nothing to download.")?;
            download_text(&backup_file_name(Utc::now()), &text)
        })
    };
    let on_start_fresh = {
        let store = store.clone();
        use_callback((), move |(), _| store.start_fresh())
    };
    let record_count = keyring.tokens.len();
    let filter = view.filter;
    let body = if filtered_count == 0 && read_only {
        html! {
            <div class="empty-state">
                <p class="empty-title">{ "No keys can be shown" }</p>
                <p>{ "The stored data could not be read; see the message above." }</p>
            </div>
        }
    } else if filtered_count == 0 && filter == StatusFilter::All {
        html! {
            <div class="empty-state">
                <p class="empty-title">{ "No API keys yet" }</p>
                <p>
                    { "Choose \u{201c}Create new secret key\u{201d} to make your first one. Create \
                       a key for each app or person that needs access, so you can revoke one \
                       without breaking the others. You will see each key once, right after \
                       creating it." }
                </p>
                if record_count > 0 {
                    <p>{ "Revoked keys are listed when the Status filter is set to Revoked." }</p>
                }
            </div>
        }
    } else if filtered_count == 0 {
        html! {
            <div class="empty-state">
                <p class="empty-title">{ filter.empty_title() }</p>
                <p>{ "Other keys are listed under other statuses." }</p>
                <button type="button" class="button secondary" onclick={show_all}>
                    { "Show all keys" }
                </button>
            </div>
        }
    } else if matching.is_empty() {
        html! {
            <div class="empty-state">
                <p class="empty-title">{ "No keys match" }</p>
                <p>{ "No key\u{2019}s name contains " }<bdi>{ (*query).clone() }</bdi>{ "." }</p>
                <button type="button" class="button secondary" onclick={clear_search}>
                    { "Clear search" }
                </button>
            </div>
        }
    } else {
        let selection = (selectable && !read_only).then(|| (*selection).clone());
        html! {
            <>
                if selection.is_some() {
                    <div class="bulk-bar">
                        <p class="muted" role="status">{ selected_count(selected.len()) }</p>
                        <button
                            type="button"
                            class="button secondary small danger-text"
                            onclick={ask_revoke_selected}
                            disabled={selected.is_empty()}
                        >
                            { "Revoke selected" }
                        </button>
                    </div>
                }
                <TokenTable
                    labelled_by={(*heading_id).clone()}
                    tokens={(*rows).clone()}
                    first_row={page.start}
                    total_rows={matching.len()}
                    columns={keyring.columns}
                    sort={view.sort}
                    now={Utc::now()}
                    {read_only}
                    {selection}
                    {all_selected}
                    {on_select_all}
                    {on_select}
                    {on_sort}
                    {on_rename}
                    {on_revoke}
                    {on_delete}
                    {on_regenerate}
                />
                if page.count > 1 {
                    { pager(page, matching.len(), on_page) }
                }
            </>
        }
    };
    let on_filter_change = Callback::from(move |event: Event| {
        on_filter.emit(
            event
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value(),
        );
    });

    html! {
        <section class="key-manager" aria-labelledby={(*heading_id).clone()}>
            <div class="section-head">
                <div>
                    <h2 id={(*heading_id).clone()} ref={heading_ref} tabindex="-1">{ "API keys" }</h2>
                    <p class="lede">
                        { "Your secret keys are listed below. Keyward shows a key only once and \
                           keeps just its SHA-256 fingerprint and a masked form." }
                    </p>
                </div>
                // Right after the heading, so that one Tab from where focus lands after a
                // revoke reaches "Undo"; shown in a corner of the screen by the stylesheet.
                if let Some(offer) = (*undo).clone() {
                    <UndoToast
                        key={offer.serial.to_string()}
                        message={AttrValue::from(format!("Revoked {}", offer.subject))}
                        on_undo={on_undo}
                        on_dismiss={on_dismiss_undo}
                    />
                }
                <div class="head-actions">
                    <button
                        type="button"
                        class="button primary"
                        onclick={open_create}
                        disabled={read_only}
                    >
                        { "Create new secret key" }
                    </button>
                    <button
                        type="button"
                        class="button secondary"
                        onclick={open_verify}
                        disabled={read_only}
                    >
                        { "Verify a key" }
                    </button>
                </div>
            </div>
            <StorageNotices
                tokens_problem={tokens_problem.map(AttrValue::from)}
                readable_count={record_count}
                memory_only={store.memory_only().map(AttrValue::from)}
                upgrade_problem={store.upgrade_problem().map(AttrValue::from)}
                columns_problem={store.columns_problem().map(AttrValue::from)}
                set_aside={store.set_aside().map(AttrValue::from)}
                {on_download}
                {on_start_fresh}
            />
            if record_count > 0 || searching || filter != StatusFilter::All {
                <div class="list-tools">
                    { search_box((*search_id).clone(), AttrValue::from((*query).clone()), on_search, search_ref) }
                    <div class="status-filter">
                        <label for={(*filter_id).clone()}>{ "Status" }</label>
                        <select id={(*filter_id).clone()} onchange={on_filter_change}>
                            { for StatusFilter::ALL.into_iter().map(|choice| html! {
                                <option value={choice.id()} selected={choice == filter}>{ choice.label() }</option>
                            }) }
                        </select>
                    </div>
                    <p class="match-count muted" role="status">
                        { filter.match_count(matching.len(), filtered_count, searching) }
                    </p>
                </div>
            }
            <ColumnToggles columns={keyring.columns} {on_toggle} />
            if let Some(message) = (*column_error).clone() {
                <p class="field-error" role="alert">{ message }</p>
            }
            { body }
            <div class="visually-hidden" role="status" aria-live="polite">{ (*announcement).clone() }</div>
            { dialog_html }
        </section>
    }
}

/// A revoke that can still be undone.
#[derive(Debug, PartialEq)]
struct UndoOffer {
    /// Tells one offer from the next, so each gets its own toast and its whole time.
    serial: u64,
    /// What was revoked: the key's name, or "3 keys".
    subject: String,
    /// The records as the revoke left them.
    records: Vec<Rc<TokenRecord>>,
    /// When the revoke was made.
    at: chrono::DateTime<Utc>,
}

/// A row's handler that opens a dialog about its key with `open` (given the key's id and name;
/// it opens nothing while another dialog is open, and says whether it opened).
#[hook]
fn use_asker(
    store: &KeyringHandle,
    dialog: &Rc<std::cell::RefCell<Dialog>>,
    rerender: &UseForceUpdateHandle,
    open: fn(&mut Dialog, Uuid, String) -> bool,
) -> Callback<Uuid> {
    let store = store.clone();
    let dialog = dialog.clone();
    let rerender = rerender.clone();
    use_callback((), move |id: Uuid, _| {
        if let Some(token) = store.keyring().find(id) {
            if open(&mut dialog.borrow_mut(), id, token.name.clone()) {
                rerender.force_update();
            }
        }
    })
}

/// A click handler that opens a dialog with `open` (unless another one is open) and shows it.
fn opener(
    dialog: &Rc<std::cell::RefCell<Dialog>>,
    rerender: &UseForceUpdateHandle,
    open: fn(&mut Dialog) -> bool,
) -> Callback<MouseEvent> {
    let dialog = dialog.clone();
    let rerender = rerender.clone();
    Callback::from(move |_: MouseEvent| {
        if open(&mut dialog.borrow_mut()) {
            rerender.force_update();
        }
    })
}

/// `keyward-backup-2026-11-24T21-05-00Z.json`: sortable, and valid on every file system.
fn backup_file_name(at: chrono::DateTime<Utc>) -> String {
    let stamp = at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        .replace(':', "-");
    format!("keyward-backup-{stamp}.json")
}
