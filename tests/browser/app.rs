//! The app mounted into a test element and driven through DOM events.

use std::rc::Rc;

use keyward::core::document::TOKENS_STORAGE_KEY;
use keyward::core::{parse_key, KeyValueStore};
use keyward::platform::storage::LocalStorage;
use keyward::ui::{KeyManager, KeyManagerProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;
use yew::scheduler::flush;

use crate::dom::*;

/// Mounts a fresh key manager over an emptied localStorage.
pub(crate) async fn mount() -> (Element, yew::AppHandle<KeyManager>) {
    local_storage().clear().unwrap();
    mount_over(Rc::new(LocalStorage)).await
}

/// Mounts a key manager over `storage` as it is.
async fn mount_over(storage: Rc<dyn KeyValueStore>) -> (Element, yew::AppHandle<KeyManager>) {
    let root = mount_point();
    let props = KeyManagerProps { storage };
    let handle = yew::Renderer::<KeyManager>::with_root_and_props(root.clone(), props).render();
    flush().await;
    (root, handle)
}

pub(crate) async fn unmount(root: Element, handle: yew::AppHandle<KeyManager>) {
    handle.destroy();
    flush().await;
    root.remove();
    local_storage().clear().unwrap();
}

/// Creates a key named `name` through the dialogs; returns the revealed key.
async fn create(root: &Element, name: &str) -> String {
    button(root, "Create new secret key").click();
    flush().await;
    let dialog = dialog(root, "Create new secret key").expect("create dialog");
    type_into(&input(&dialog, "Name"), name);
    flush().await;
    button(&dialog, "Create secret key").click();
    flush().await;
    let reveal = dialog_or_panic(root, "Save your key");
    let secret = labelled(&reveal, "textarea", "Secret key")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap()
        .value();
    button(&reveal, "Done").click();
    flush().await;
    secret
}

fn dialog_or_panic(root: &Element, title: &str) -> Element {
    dialog(root, title).unwrap_or_else(|| panic!("no open dialog titled {title:?}"))
}

#[wasm_bindgen_test]
async fn creating_a_key_reveals_it_once_and_stores_only_its_hash() {
    let (root, handle) = mount().await;
    assert!(text(&root).contains("No API keys yet"));

    button(&root, "Create new secret key").click();
    flush().await;
    let create_dialog = dialog_or_panic(&root, "Create new secret key");
    type_into(&input(&create_dialog, "Name"), "  Production  ");
    flush().await;
    button(&create_dialog, "Create secret key").click();
    flush().await;

    let reveal = dialog_or_panic(&root, "Save your key");
    let secret = labelled(&reveal, "textarea", "Secret key")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap()
        .value();
    let key = parse_key(&secret).expect("a valid key is revealed");
    assert!(text(&reveal).contains("will not be shown again"));
    let stored = local_storage()
        .get_item(TOKENS_STORAGE_KEY)
        .unwrap()
        .unwrap();
    assert!(!stored.contains(&secret), "the key itself is never stored");
    assert!(stored.contains(&key.hash()));

    button(&reveal, "Done").click();
    flush().await;
    assert!(dialog(&root, "Save your key").is_none());
    let html = root.inner_html();
    assert!(
        !html.contains(&secret),
        "the key leaves the page after Done"
    );
    let rows = table_rows(&root);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "Production");
    assert_eq!(rows[0][1], key.masked());
    assert_eq!(rows[0][3], "Never");
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn invalid_names_are_refused_inline_and_nothing_is_stored() {
    let (root, handle) = mount().await;
    button(&root, "Create new secret key").click();
    flush().await;
    let create_dialog = dialog_or_panic(&root, "Create new secret key");
    let name = input(&create_dialog, "Name");

    button(&create_dialog, "Create secret key").click();
    flush().await;
    assert!(text(&create_dialog).contains("Please enter a name for the key."));
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = name.get_attribute("aria-describedby").unwrap();
    let error_id = described_by.split(' ').next().unwrap();
    let error = document().get_element_by_id(error_id).unwrap();
    assert_eq!(text(&error), "Please enter a name for the key.");

    type_into(&name, &"🔑".repeat(19));
    flush().await;
    button(&create_dialog, "Create secret key").click();
    flush().await;
    assert_eq!(text(&error), "Name must be at most 18 characters.");
    assert_eq!(local_storage().get_item(TOKENS_STORAGE_KEY).unwrap(), None);

    button(&create_dialog, "Cancel").click();
    flush().await;
    assert!(dialog(&root, "Create new secret key").is_none());
    assert!(table_rows(&root).is_empty());
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn renaming_inline_saves_with_enter_and_cancels_with_escape() {
    let (root, handle) = mount().await;
    create(&root, "staging").await;

    button(&root, "Rename staging").click();
    flush().await;
    let field = input(&root, "New name for staging");
    type_into(&field, "staging-eu");
    press(&field, "Enter");
    flush().await;
    assert_eq!(table_rows(&root)[0][0], "staging-eu");
    let stored = local_storage()
        .get_item(TOKENS_STORAGE_KEY)
        .unwrap()
        .unwrap();
    assert!(stored.contains("\"name\":\"staging-eu\""));

    // Double-click opens the editor too; Escape restores the old name.
    let name_cell = all(&root, "tbody td.cell-name").into_iter().next().unwrap();
    double_click(&name_cell);
    flush().await;
    let field = input(&root, "New name for staging-eu");
    type_into(&field, "discarded");
    press(&field, "Escape");
    flush().await;
    assert_eq!(table_rows(&root)[0][0], "staging-eu");
    assert!(!local_storage()
        .get_item(TOKENS_STORAGE_KEY)
        .unwrap()
        .unwrap()
        .contains("discarded"));

    // An invalid name keeps the editor open with the error.
    button(&root, "Rename staging-eu").click();
    flush().await;
    let field = input(&root, "New name for staging-eu");
    type_into(&field, "   ");
    press(&field, "Enter");
    flush().await;
    assert!(text(&root).contains("Please enter a name for the key."));
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn revoking_asks_first_then_removes_the_row_but_keeps_the_record() {
    let (root, handle) = mount().await;
    create(&root, "old").await;
    create(&root, "new").await;
    assert_eq!(table_rows(&root).len(), 2);

    button(&root, "Revoke old").click();
    flush().await;
    let confirm = dialog_or_panic(&root, "Revoke old?");
    button(&confirm, "Cancel").click();
    flush().await;
    assert_eq!(table_rows(&root).len(), 2);

    button(&root, "Revoke old").click();
    flush().await;
    let confirm = dialog_or_panic(&root, "Revoke old?");
    button(&confirm, "Revoke key").click();
    flush().await;
    let rows = table_rows(&root);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "new");

    let stored = LocalStorage.read(TOKENS_STORAGE_KEY).unwrap().unwrap();
    assert!(
        stored.contains("\"name\":\"old\""),
        "revoked records stay stored"
    );
    assert_eq!(stored.matches("\"revoked_at\":\"").count(), 1);
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn a_bulk_revoke_is_undone_exactly_and_the_toast_offers_it_once() {
    let (root, handle) = mount().await;
    for name in ["one", "two", "three"] {
        create(&root, name).await;
    }
    let before = LocalStorage.read(TOKENS_STORAGE_KEY).unwrap().unwrap();
    input(&root, "Select one").click();
    input(&root, "Select three").click();
    flush().await;
    assert!(text(&root).contains("2 keys selected"));
    button(&root, "Revoke selected").click();
    flush().await;
    let confirm = dialog_or_panic(&root, "Revoke 2 keys?");
    button(&confirm, "Revoke keys").click();
    flush().await;
    let rows = table_rows(&root);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "two");
    assert!(text(&root).contains("Revoked 2 keys"));
    let revoked = LocalStorage.read(TOKENS_STORAGE_KEY).unwrap().unwrap();
    assert_eq!(revoked.matches("\"revoked_at\":\"").count(), 2);

    button(&root, "Undo").click();
    flush().await;
    assert_eq!(table_rows(&root).len(), 3);
    assert!(find_button(&root, "Undo").is_none(), "Undo is offered once");
    let restored = LocalStorage.read(TOKENS_STORAGE_KEY).unwrap().unwrap();
    assert_eq!(
        restored.replace(|c: char| c.is_ascii_digit(), ""),
        before.replace(|c: char| c.is_ascii_digit(), ""),
        "the records are as they were (only this tab's write count moved on)"
    );
    assert!(!restored.contains("revoked_at"));
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn a_custom_expiry_date_in_the_past_is_refused_inline_and_nothing_is_stored() {
    let (root, handle) = mount().await;
    button(&root, "Create new secret key").click();
    flush().await;
    let dialog = dialog_or_panic(&root, "Create new secret key");
    type_into(&input(&dialog, "Name"), "dated");
    let custom = all(&dialog, "label.choice")
        .into_iter()
        .find(|label| text(label) == "Custom date")
        .and_then(|label| label.query_selector("input[type=radio]").unwrap())
        .unwrap()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap();
    custom.click();
    flush().await;
    let date = input(&dialog, "Expiration date");
    date.set_value("2020-01-01");
    button(&dialog, "Create secret key").click();
    flush().await;
    assert!(text(&dialog).contains("Choose a date after today."));
    assert_eq!(date.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(dialog_or_panic(&root, "Create new secret key").is_connected());
    assert_eq!(LocalStorage.read(TOKENS_STORAGE_KEY).unwrap(), None);
    unmount(root, handle).await;
}

/// The "Columns" checkbox labelled `name`.
fn column_checkbox(root: &Element, name: &str) -> web_sys::HtmlInputElement {
    all(root, "fieldset label")
        .into_iter()
        .find(|l| text(l) == name)
        .unwrap_or_else(|| panic!("no column checkbox {name:?}"))
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// The column headers' texts, without the "Select all" checkbox's.
fn headers(root: &Element) -> Vec<String> {
    all(root, "thead th:not(.col-select)")
        .iter()
        .map(text)
        .collect()
}

#[wasm_bindgen_test]
async fn unchecking_a_column_hides_its_header_and_cells() {
    let (root, handle) = mount().await;
    create(&root, "cols").await;
    let checkbox = column_checkbox(&root, "Created");
    checkbox.click();
    flush().await;
    assert_eq!(
        headers(&root),
        ["Name", "Key", "Last used", "Expires", "Status", "Actions"]
    );
    assert_eq!(table_rows(&root)[0].len(), 6);
    assert!(local_storage()
        .get_item("keyward.columns")
        .unwrap()
        .unwrap()
        .contains("created"));
    unmount(root, handle).await;
}

/// A store in memory that refuses every write while `refuse` is set, as a browser does when
/// the disk fails or storage is switched off in the middle of a visit.
#[derive(Default)]
struct RefusingStorage {
    kept: keyward::core::MemoryStore,
    refuse: std::cell::Cell<bool>,
}

impl KeyValueStore for RefusingStorage {
    fn read(&self, key: &str) -> Result<Option<String>, keyward::core::StorageError> {
        self.kept.read(key)
    }
    fn write(&self, key: &str, value: &str) -> Result<(), keyward::core::StorageError> {
        if self.refuse.get() {
            return Err(keyward::core::StorageError::Failed(
                "the disk is read-only".into(),
            ));
        }
        self.kept.write(key, value)
    }
}

#[wasm_bindgen_test]
async fn a_refused_column_change_leaves_every_checkbox_showing_what_is_saved() {
    let storage = Rc::new(RefusingStorage::default());
    let (root, handle) = mount_over(storage.clone()).await;
    create(&root, "cols").await;
    column_checkbox(&root, "Created").click();
    flush().await;
    assert_eq!(
        headers(&root),
        ["Name", "Key", "Last used", "Expires", "Status", "Actions"]
    );

    // Refused both ways: showing a hidden column and hiding a shown one.
    storage.refuse.set(true);
    column_checkbox(&root, "Created").click();
    flush().await;
    assert!(text(&root).contains("The browser's storage failed (the disk is read-only)."));
    assert!(!column_checkbox(&root, "Created").checked());
    column_checkbox(&root, "Key").click();
    flush().await;
    assert!(column_checkbox(&root, "Key").checked());
    assert_eq!(
        headers(&root),
        ["Name", "Key", "Last used", "Expires", "Status", "Actions"]
    );

    storage.refuse.set(false);
    column_checkbox(&root, "Created").click();
    flush().await;
    assert!(column_checkbox(&root, "Created").checked());
    assert_eq!(
        headers(&root),
        [
            "Name",
            "Key",
            "Created",
            "Last used",
            "Expires",
            "Status",
            "Actions"
        ]
    );
    assert!(!text(&root).contains("The browser's storage failed"));
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn an_unreadable_store_is_reported_and_left_untouched() {
    local_storage().clear().unwrap();
    local_storage()
        .set_item(TOKENS_STORAGE_KEY, "{\"version\":1,\"tokens\":[{")
        .unwrap();
    let (root, handle) = mount_over(Rc::new(LocalStorage)).await;
    assert!(text(&root).contains("Your stored keys could not be read."));
    let create = button(&root, "Create new secret key");
    assert!(create.has_attribute("disabled"));
    assert_eq!(
        local_storage()
            .get_item(TOKENS_STORAGE_KEY)
            .unwrap()
            .as_deref(),
        Some("{\"version\":1,\"tokens\":[{")
    );
    unmount(root, handle).await;
}

/// A store the browser refuses outright, as when storage is disabled.
struct BlockedStorage;

impl KeyValueStore for BlockedStorage {
    fn read(&self, _: &str) -> Result<Option<String>, keyward::core::StorageError> {
        Err(keyward::core::StorageError::Unavailable(
            "storage is disabled".into(),
        ))
    }
    fn write(&self, _: &str, _: &str) -> Result<(), keyward::core::StorageError> {
        Err(keyward::core::StorageError::Unavailable(
            "storage is disabled".into(),
        ))
    }
}

#[wasm_bindgen_test]
async fn unusable_storage_falls_back_to_memory_and_says_so() {
    let (root, handle) = mount_over(Rc::new(BlockedStorage)).await;
    let alert = all(&root, "[role=alert]")
        .into_iter()
        .next()
        .expect("a warning");
    assert!(text(&alert).contains("Nothing will be kept after this visit."));
    assert!(text(&alert).contains("storage is disabled"));
    let secret = create(&root, "in memory").await;
    assert!(parse_key(&secret).is_ok());
    assert_eq!(table_rows(&root)[0][0], "in memory");
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
async fn start_fresh_sets_unreadable_data_aside_first() {
    local_storage().clear().unwrap();
    local_storage()
        .set_item(TOKENS_STORAGE_KEY, "not json")
        .unwrap();
    let (root, handle) = mount_over(Rc::new(LocalStorage)).await;
    button(&root, "Start fresh").click();
    flush().await;
    let storage = local_storage();
    let backup = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .find(|k| k.starts_with("keyward.backup.unreadable."))
        .expect("a backup key");
    assert_eq!(
        storage.get_item(&backup).unwrap().as_deref(),
        Some("not json")
    );
    assert!(text(&root).contains(&backup));
    assert!(!button(&root, "Create new secret key").has_attribute("disabled"));
    create(&root, "fresh").await;
    assert_eq!(table_rows(&root).len(), 1);
    unmount(root, handle).await;
}

#[wasm_bindgen_test]
fn the_crash_notice_offers_a_reload_that_needs_no_script() {
    keyward::platform::panic::show_crash_notice();
    let notice = document()
        .get_element_by_id("keyward-crash")
        .expect("notice");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alertdialog"));
    assert!(text(&notice).contains("Something went wrong"));
    let link = notice.query_selector("a").unwrap().unwrap();
    assert_eq!(text(&link), "Reload");
    let here = web_sys::window().unwrap().location().href().unwrap();
    assert_eq!(link.get_attribute("href"), Some(here));
    assert_eq!(document().active_element(), Some(link));
    // Shown once, however many panics follow.
    keyward::platform::panic::show_crash_notice();
    assert_eq!(all(&document().body().unwrap(), "#keyward-crash").len(), 1);
    notice.remove();
}

#[wasm_bindgen_test]
async fn the_verify_field_is_emptied_when_its_dialog_closes() {
    let (root, handle) = mount().await;
    let key = create(&root, "checked").await;
    for close in ["Close", "Escape"] {
        button(&root, "Verify a key").click();
        flush().await;
        let verify = dialog_or_panic(&root, "Verify a key");
        // Kept past the dialog's end, to look at what it held.
        let field = input(&verify, "Key to verify");
        type_into(&field, &key);
        flush().await;
        button(&verify, "Verify").click();
        flush().await;
        assert!(text(&verify).contains("Valid"), "{}", text(&verify));
        if close == "Close" {
            button(&verify, "Close").click();
        } else {
            press(&verify, "Escape");
        }
        flush().await;
        assert!(dialog(&root, "Verify a key").is_none(), "closed by {close}");
        assert_eq!(
            field.value(),
            "",
            "the field still held the key after {close}"
        );
    }
    unmount(root, handle).await;
}
