//! The localStorage seam: round trips, faults and the documents it holds.

use keyward::core::document::{decode_tokens, TOKENS_STORAGE_KEY};
use keyward::core::{load, Action, KeyValueStore, Keyring, Session, StorageError, TokenName};
use keyward::platform::dates::format_local;
use keyward::platform::random::SystemRandom;
use keyward::platform::storage::LocalStorage;
use keyward::platform::text::BrowserUnicode;
use wasm_bindgen_test::wasm_bindgen_test;

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

#[wasm_bindgen_test]
fn a_full_local_storage_reports_quota_exceeded_and_keeps_the_old_value() {
    local_storage().clear().unwrap();
    let store = LocalStorage;
    store.write("keyward.test", "small").unwrap();
    // Chromium allows about 5 MiB of UTF-16 per origin; 16 MiB of text cannot fit.
    let huge = "x".repeat(16 * 1024 * 1024);
    assert_eq!(
        store.write("keyward.test", &huge),
        Err(StorageError::QuotaExceeded)
    );
    assert_eq!(
        store.read("keyward.test").unwrap().as_deref(),
        Some("small")
    );
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
