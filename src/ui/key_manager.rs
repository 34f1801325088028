//! The whole key-management surface over any [`KeyValueStore`]: the "API keys" section with
//! its table, column toggles and dialogs. Embeddable in other Yew apps.

use std::rc::Rc;

use chrono::Utc;
use uuid::Uuid;
use yew::prelude::*;

use super::{
    pager, search_box, unique_id, ColumnToggles, CreateDialog, RevealDialog, RevokeDialog,
    StorageNotices, TokenTable, VerdictView, VerifyDialog,
};
use crate::core::dialog::Dialog;
use crate::core::listing::{match_count, NameQuery, Page};
use crate::core::verify::verify;
use crate::core::{Action, Column, KeyValueStore, TokenName};
use crate::hooks::{use_focus_fallback, use_keyring};
use crate::platform::dates::format_local;
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

    let keyring = store.keyring();
    // The search is not kept: it starts empty at every visit.
    let query = use_state(String::new);
    let page_number = use_state(|| 0_usize);
    let search_ref = use_node_ref();
    let search_id = use_memo((), |_| unique_id("search"));
    // Newest first: the key just created is on top. Counted in the same pass, and only when
    // the keys or the search change.
    let listing = use_memo((keyring.clone(), (*query).clone()), |(keyring, query)| {
        let query = NameQuery::new(query, &BrowserUnicode);
        let mut active_count = 0;
        let matching = keyring
            .active()
            .rev()
            .inspect(|_| active_count += 1)
            .filter(|token| query.matches(&token.name, &BrowserUnicode))
            .cloned()
            .collect::<Vec<_>>();
        (active_count, Rc::new(matching))
    });
    let (active_count, matching) = (listing.0, listing.1.clone());
    let page = Page::of(matching.len(), *page_number);
    // Only the page's rows are rendered, so the table costs the same at any number of keys.
    let rows = use_memo((matching.clone(), page), |(matching, page)| {
        matching[page.start..page.end].to_vec()
    });
    let searching = !query.trim().is_empty();

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
    let on_revoke = {
        let store = store.clone();
        let dialog = dialog.clone();
        let rerender = rerender.clone();
        use_callback((), move |id: Uuid, _| {
            if let Some(token) = store.keyring().find(id) {
                if dialog.borrow_mut().ask_revoke(id, token.name.clone()) {
                    rerender.force_update();
                }
            }
        })
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
            let on_create = Callback::from(move |name: String| {
                let created = dialog.borrow_mut().submit_create(|| {
                    let (name, secret) = store.create(&name)?;
                    Ok::<_, String>((name.into_string(), secret))
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
            });
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
        Dialog::Reveal { name, secret } => html! {
            <RevealDialog name={AttrValue::from(name.clone())} secret={secret.clone()} on_done={close.clone()} />
        },
        Dialog::Revoke { name, error, .. } => {
            let store = store.clone();
            let dialog = dialog.clone();
            let rerender = rerender.clone();
            let announcement = announcement.clone();
            let on_confirm = Callback::from(move |()| {
                let revoked = dialog
                    .borrow_mut()
                    .confirm_revoke(|id| store.apply(Action::Revoke { id, at: Utc::now() }));
                if let Some(name) = revoked {
                    announcement.set(format!("Key \u{201c}{name}\u{201d} revoked."));
                }
                rerender.force_update();
            });
            html! {
                <RevokeDialog
                    name={AttrValue::from(name.clone())}
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
    let body = if active_count == 0 && read_only {
        html! {
            <div class="empty-state">
                <p class="empty-title">{ "No keys can be shown" }</p>
                <p>{ "The stored data could not be read; see the message above." }</p>
            </div>
        }
    } else if active_count == 0 {
        html! {
            <div class="empty-state">
                <p class="empty-title">{ "No API keys yet" }</p>
                <p>
                    { "Choose \u{201c}Create new secret key\u{201d} to make your first one. Create \
                       a key for each app or person that needs access, so you can revoke one \
                       without breaking the others. You will see each key once, right after \
                       creating it." }
                </p>
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
        html! {
            <>
                <TokenTable
                    labelled_by={(*heading_id).clone()}
                    tokens={rows.clone()}
                    first_row={page.start}
                    total_rows={matching.len()}
                    columns={keyring.columns}
                    {read_only}
                    {on_rename}
                    {on_revoke}
                />
                if page.count > 1 {
                    { pager(page, matching.len(), on_page) }
                }
            </>
        }
    };

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
                readable_count={active_count}
                memory_only={store.memory_only().map(AttrValue::from)}
                upgrade_problem={store.upgrade_problem().map(AttrValue::from)}
                columns_problem={store.columns_problem().map(AttrValue::from)}
                set_aside={store.set_aside().map(AttrValue::from)}
                {on_download}
                {on_start_fresh}
            />
            if active_count > 0 || searching {
                <div class="list-tools">
                    { search_box((*search_id).clone(), AttrValue::from((*query).clone()), on_search, search_ref) }
                    <p class="match-count muted" role="status">
                        { match_count(matching.len(), active_count, searching) }
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
