//! The localStorage seam: round trips, faults and the documents it holds.

use std::rc::Rc;

use keyward::core::document::{decode_tokens, encode_tokens, TokensDocument, TOKENS_STORAGE_KEY};
use keyward::core::{
    load, Action, CommitError, KeyValueStore, Keyring, Session, StorageError, TokenName,
    TokenRecord,
};
use keyward::platform::dates::format_local;
use keyward::platform::random::SystemRandom;
use keyward::platform::storage::LocalStorage;
use keyward::platform::text::BrowserUnicode;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

use crate::dom::local_storage;

fn record(name: &str) -> keyward::core::TokenRecord {
    let name = TokenName::parse(name, &BrowserUnicode).unwrap();
    keyward::core::mint_token(name, &mut SystemRandom, chrono::Utc::now())
        .unwrap()
        .0
}

#[wasm_bindgen_test]
fn raw_values_round_trip_through_local_storage() {
    local_storage().clear().unwrap();
    let store = LocalStorage;
    assert_eq!(store.read("keyward.test").unwrap(), None);
    store
        .write("keyward.test", "ünïcödé 🔑 \"quoted\"")
        .unwrap();
    assert_eq!(
        store.read("keyward.test").unwrap().as_deref(),
        Some("ünïcödé 🔑 \"quoted\"")
    );
    assert_eq!(
        local_storage().get_item("keyward.test").unwrap().as_deref(),
        Some("ünïcödé 🔑 \"quoted\"")
    );
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn a_keyring_committed_to_local_storage_loads_back() {
    local_storage().clear().unwrap();
    let store = LocalStorage;
    let now = chrono::Utc::now();
    let mut session = Session::new("tab");
    let create = |session: &mut Session, state: &Keyring, name: &str| {
        let action = Action::Create(record(name));
        session.commit(&store, state, action, now, 0.0).unwrap()
    };
    let state = create(&mut session, &Keyring::default(), "one");
    let state = create(&mut session, &state, "two");
    let loaded = load(&store, now);
    assert_eq!(loaded.tokens_problem, None);
    assert_eq!(loaded.keyring, state);
    let raw = local_storage()
        .get_item(TOKENS_STORAGE_KEY)
        .unwrap()
        .unwrap();
    let stored = decode_tokens(&raw).unwrap();
    assert_eq!(stored.tokens, state.tokens);
    assert_eq!(stored.writers.count_of("tab"), 2);
    local_storage().clear().unwrap();
}

/// `count` records shaped as Keyward writes them: names of 18 characters (the longest a name
/// may look), real-looking ids, hashes, masks and creation dates with milliseconds.
fn stored_records(count: u32, now: chrono::DateTime<chrono::Utc>) -> Vec<Rc<TokenRecord>> {
    (0..count)
        .map(|i| {
            let mut id = [0u8; 16];
            id[..4].copy_from_slice(&i.to_be_bytes());
            Rc::new(TokenRecord {
                id: uuid::Builder::from_random_bytes(id).into_uuid(),
                name: format!("service key #{i:05}"),
                hash: format!("{:064x}", u64::from(i) + 1),
                display: format!("kw_{i:04}\u{2026}{:04}", i % 10_000),
                created_at: (now + chrono::Duration::milliseconds(i64::from(i) * 37))
                    .fixed_offset(),
                last_used_at: None,
                revoked_at: None,
                expires_at: None,
                old_secrets: Vec::new(),
                unknown: Default::default(),
            })
        })
        .collect()
}

/// Fills what is left of localStorage's quota with other keys, as another app on the same
/// site could, down to the last character.
fn fill_storage(store: &LocalStorage) {
    let mut size = 1 << 24;
    let mut index = 0;
    while size >= 1 {
        match store.write(&format!("filler.{index}"), &"x".repeat(size)) {
            Ok(()) => index += 1,
            Err(StorageError::QuotaExceeded) => size /= 2,
            Err(other) => panic!("{other}"),
        }
    }
}

#[wasm_bindgen_test]
fn twenty_thousand_keys_fit_and_a_full_local_storage_refuses_a_change_and_loses_nothing() {
    local_storage().clear().unwrap();
    let store = LocalStorage;
    let now = chrono::Utc::now();
    let text = encode_tokens(&TokensDocument {
        tokens: stored_records(20_000, now),
        ..TokensDocument::default()
    });
    store.write(TOKENS_STORAGE_KEY, &text).unwrap();
    // Chromium counts keys and values in UTF-16 code units, two bytes each.
    let units = TOKENS_STORAGE_KEY.len() + text.encode_utf16().count();
    console_log!(
        "20,000 keys: {units} UTF-16 code units in localStorage, {} bytes per key",
        units * 2 / 20_000
    );

    // The app's path at that size: load, then a change saved through the tab's session.
    let mut session = Session::new("tab");
    let loaded = session.load(&store, now);
    assert_eq!(loaded.tokens_problem, None);
    assert_eq!(loaded.keyring.tokens.len(), 20_000);
    let saved = session
        .commit(
            &store,
            &loaded.keyring,
            Action::Create(record("one more")),
            now,
            0.0,
        )
        .unwrap();
    let id = saved.tokens[0].id;
    let saved = session
        .commit(&store, &saved, Action::Revoke { id, at: now }, now, 0.0)
        .unwrap();
    assert_eq!(load(&store, now).keyring, saved);

    // Once the site's storage is full, a change is refused with the message the user sees, and
    // what was stored stays as it was.
    fill_storage(&store);
    let before = store.read(TOKENS_STORAGE_KEY).unwrap();
    let error = session
        .commit(&store, &saved, Action::Create(record("no room")), now, 0.0)
        .unwrap_err();
    assert_eq!(error, CommitError::Storage(StorageError::QuotaExceeded));
    assert_eq!(
        error.to_string(),
        "The browser's storage for this site is full. The change was not saved."
    );
    // Renaming "one more" would make the document longer.
    let rename = Action::Rename {
        id: saved.tokens[20_000].id,
        name: TokenName::parse("a much longer name", &BrowserUnicode).unwrap(),
    };
    assert!(session.commit(&store, &saved, rename, now, 0.0).is_err());
    assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), before);
    let reloaded = load(&store, now);
    assert_eq!(reloaded.tokens_problem, None);
    assert_eq!(reloaded.keyring, saved);
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
fn dates_are_formatted_for_people_in_local_time() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-14T15:09:26Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let shown = format_local(at);
    assert!(shown.contains("2026"), "{shown}");
    assert!(!shown.contains('T'), "not machine form: {shown}");
    assert_ne!(shown, at.to_rfc3339());
}
