//! Property tests of the core: nothing stored, imported or typed makes it panic, and the
//! reducer's invariants hold after every step of any sequence of actions.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use chrono::{TimeZone, Utc};
use keyward::core::document::{
    decode_columns, decode_tokens, encode_tokens, salvage_tokens, TOKENS_STORAGE_KEY,
};
use keyward::core::{
    load, mint_token, name_length, parse_key, Action, AppUpdate, Column, KeyValueStore, Keyring,
    MemoryStore, NameError, NativeUnicode, Session, TokenName, TokenRecord, UnicodeText,
    UpdateNotice, UpdateStep, MAX_NAME_CHARS, MAX_NAME_CODE_POINTS,
};
use proptest::prelude::*;
use support::Seeded;
use uuid::Uuid;

fn minted(name: &str, seed: u64) -> TokenRecord {
    let name = TokenName::parse(name, &NativeUnicode)
        .unwrap_or_else(|_| TokenName::parse("x", &NativeUnicode).unwrap());
    let at = Utc.timestamp_opt(1_700_000_000 + seed as i64, 0).unwrap();
    mint_token(name, &mut Seeded(seed), at).unwrap().0
}

/// JSON-ish text: fragments of real documents mixed with noise, so the decoder gets past the
/// first byte often enough to be exercised deeply.
fn documentish() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just(",".to_owned()),
        Just(":".to_owned()),
        Just("\"version\":".to_owned()),
        Just("\"tokens\":".to_owned()),
        Just("\"hidden\":".to_owned()),
        Just("\"id\":\"6f1c5b8e-2c1d-4c4e-9a3b-0d6b1e7f9a21\"".to_owned()),
        Just("\"name\":".to_owned()),
        Just("\"hash\":\"".to_owned() + &"ab".repeat(32) + "\""),
        Just("\"created_at\":\"2026-02-30T25:00:00Z\"".to_owned()),
        Just("\"created_at\":\"2026-01-01T00:00:00Z\"".to_owned()),
        Just("null".to_owned()),
        (0u64..5).prop_map(|v| v.to_string()),
        any::<i64>().prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| v.to_string()),
        ".{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        ".{0,4}",
    ];
    proptest::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = decode_tokens(&text);
        let _ = decode_columns(&text);
        let _ = salvage_tokens(&text);
    }

    #[test]
    fn decoders_never_panic_on_documentish_text(text in documentish()) {
        if let Ok(decoded) = decode_tokens(&text) {
            // Whatever decodes, re-encodes to something that decodes to the same records.
            let again = decode_tokens(&encode_tokens(&decoded)).unwrap();
            prop_assert_eq!(again.tokens, decoded.tokens);
        }
        let _ = decode_columns(&text);
        let _ = salvage_tokens(&text);
    }

    #[test]
    fn loading_any_stored_text_never_panics_and_never_writes_over_unreadable_text(text in documentish()) {
        let store = MemoryStore::default();
        store.write(TOKENS_STORAGE_KEY, &text).unwrap();
        let now = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
        let loaded = load(&store, now);
        if loaded.tokens_problem.is_some() {
            prop_assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), Some(text.clone()));
            let create = Action::Create(minted("x", 1));
            let mut session = Session::new("tab");
            prop_assert!(session.commit(&store, &loaded.keyring, create, now, 0.0).is_err());
            prop_assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), Some(text));
        }
    }

    #[test]
    fn key_parser_and_name_rules_never_panic(text in ".{0,64}") {
        if let Ok(key) = parse_key(&text) {
            prop_assert_eq!(key.expose(), text.trim());
        }
        name_rules_hold(&text)?;
    }

    #[test]
    fn name_rules_hold_for_sequences_that_combine(
        pieces in prop::collection::vec(prop::sample::select(COMBINING_PIECES), 0..48)
    ) {
        name_rules_hold(&pieces.concat())?;
    }
}

/// Pieces that join into grapheme clusters or compose under NFC, in any order.
const COMBINING_PIECES: &[&str] = &[
    "e",
    "a",
    " ",
    "\u{0301}",
    "\u{0316}",
    "\u{00E9}",
    "\u{200D}",
    "\u{200B}",
    "\u{FE0F}",
    "\u{1F1EB}",
    "\u{1F1F7}",
    "👨",
    "\u{1F3FD}",
    "\u{1100}",
    "\u{1161}",
    "\u{11A8}",
    "\u{AC00}",
    "\r",
    "\n",
    "\u{0928}",
    "\u{094D}",
    "\u{212B}",
    "\u{3000}",
];

/// Whatever `text` is, a name accepted from it is NFC, trimmed, within both limits and free of
/// control characters, and it is refused as too long exactly when the counter says so.
fn name_rules_hold(text: &str) -> Result<(), TestCaseError> {
    let length = name_length(text, &NativeUnicode);
    match TokenName::parse(text, &NativeUnicode) {
        Ok(name) => {
            let name = name.as_str();
            prop_assert!(length <= MAX_NAME_CHARS);
            prop_assert_eq!(name_length(name, &NativeUnicode), length);
            prop_assert!(name.chars().count() <= MAX_NAME_CODE_POINTS);
            prop_assert!(!name.chars().any(char::is_control));
            prop_assert_eq!(name, name.trim());
            prop_assert_eq!(NativeUnicode.nfc(name), name);
        }
        Err(NameError::TooLong) => prop_assert!(length > MAX_NAME_CHARS),
        Err(NameError::TooManyMarks) => prop_assert!(length <= MAX_NAME_CHARS),
        // Empty and control-character names are refused before they are counted.
        Err(NameError::Empty | NameError::ControlCharacter) => {}
    }
    Ok(())
}

/// One step of a generated session. Indexes pick among records created so far (or miss).
#[derive(Debug, Clone)]
enum Step {
    Create {
        seed: u64,
        reuse_id: Option<usize>,
        reuse_hash: Option<usize>,
    },
    Rename {
        target: usize,
        name: String,
    },
    Revoke {
        target: usize,
    },
    Delete {
        target: usize,
    },
    Column {
        column: usize,
        visible: bool,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (
            0u64..50,
            proptest::option::of(0usize..8),
            proptest::option::of(0usize..8)
        )
            .prop_map(|(seed, reuse_id, reuse_hash)| Step::Create {
                seed,
                reuse_id,
                reuse_hash
            }),
        (0usize..10, "[a-z ]{1,20}").prop_map(|(target, name)| Step::Rename { target, name }),
        (0usize..10).prop_map(|target| Step::Revoke { target }),
        (0usize..10).prop_map(|target| Step::Delete { target }),
        (0usize..5, any::<bool>()).prop_map(|(column, visible)| Step::Column { column, visible }),
    ]
}

/// Turns a step into an action against the records seen so far.
fn action_for(step: &Step, seen: &[TokenRecord]) -> Action {
    let pick = |i: usize| seen.get(i).map_or(Uuid::nil(), |t| t.id);
    let at = Utc.timestamp_opt(1_750_000_000, 0).unwrap();
    match step.clone() {
        Step::Create {
            seed,
            reuse_id,
            reuse_hash,
        } => {
            let mut record = minted("k", seed);
            if let Some(other) = reuse_id.and_then(|i| seen.get(i)) {
                record.id = other.id;
            }
            if let Some(other) = reuse_hash.and_then(|i| seen.get(i)) {
                record.hash = other.hash.clone();
            }
            Action::Create(record)
        }
        Step::Rename { target, name } => match TokenName::parse(&name, &NativeUnicode) {
            Ok(name) => Action::Rename {
                id: pick(target),
                name,
            },
            Err(_) => Action::Delete { id: Uuid::nil() },
        },
        Step::Revoke { target } => Action::Revoke {
            id: pick(target),
            at,
        },
        Step::Delete { target } => Action::Delete { id: pick(target) },
        Step::Column { column, visible } => Action::SetColumnVisible {
            column: Column::ALL[column],
            visible,
        },
    }
}

fn check_invariants(keyring: &Keyring, revoked: &HashSet<Uuid>) -> Result<(), TestCaseError> {
    let ids: HashSet<_> = keyring.tokens.iter().map(|t| t.id).collect();
    prop_assert_eq!(ids.len(), keyring.tokens.len(), "ids are unique");
    let hashes: HashSet<_> = keyring.tokens.iter().map(|t| t.hash.as_str()).collect();
    prop_assert_eq!(hashes.len(), keyring.tokens.len(), "one record per key");
    for token in &keyring.tokens {
        if revoked.contains(&token.id) {
            prop_assert!(
                !token.is_active(),
                "a revoked key never becomes active again"
            );
        }
    }
    prop_assert!(
        keyring.columns.visible().count() >= 1,
        "a column stays visible"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn reducer_invariants_hold_after_every_step(steps in proptest::collection::vec(step(), 1..40)) {
        let mut keyring = Keyring::default();
        let mut seen: Vec<TokenRecord> = Vec::new();
        let mut revoked = HashSet::new();
        for step in &steps {
            let action = action_for(step, &seen);
            let before = keyring.clone();
            match keyring.apply(action.clone()) {
                Ok(()) => match action {
                    Action::Create(record) => seen.push(record),
                    Action::Revoke { id, .. } => { revoked.insert(id); }
                    Action::Delete { id } => { revoked.remove(&id); }
                    _ => {}
                },
                // A refused action leaves the state exactly as it was.
                Err(_) => prop_assert_eq!(&keyring, &before),
            }
            check_invariants(&keyring, &revoked)?;
        }
    }

    #[test]
    fn commits_through_a_small_store_never_lose_saved_state(
        steps in proptest::collection::vec(step(), 1..30),
        quota in 300usize..3000,
    ) {
        let store = MemoryStore::with_quota(quota);
        let now = Utc.timestamp_opt(1_760_000_000, 0).unwrap();
        let mut keyring = Keyring::default();
        let mut seen = Vec::new();
        let mut session = Session::new("tab");
        for step in &steps {
            let action = action_for(step, &seen);
            let stored_before = store.read(TOKENS_STORAGE_KEY).unwrap();
            match session.commit(&store, &keyring, action.clone(), now, 0.0) {
                Ok(next) => {
                    if let Action::Create(record) = action {
                        seen.push(record);
                    }
                    keyring = next;
                }
                // Refused (by the reducer or a full store): nothing was written.
                Err(_) => prop_assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), stored_before),
            }
            // What is stored is always exactly what the app shows.
            let loaded = load(&store, now);
            prop_assert_eq!(&loaded.keyring.tokens, &keyring.tokens);
        }
        let by_id: HashMap<_, _> = keyring.tokens.iter().map(|t| (t.id, Rc::clone(t))).collect();
        prop_assert_eq!(by_id.len(), keyring.tokens.len());
    }
}

/// An event the update notice's logic can receive.
#[derive(Debug, Clone, Copy)]
enum UpdateEvent {
    NewerBuildWaiting,
    ControllerChanged { had_controller: bool },
    ReloadPressed,
    Dialog { open: bool },
}

fn update_event() -> impl Strategy<Value = UpdateEvent> {
    prop_oneof![
        Just(UpdateEvent::NewerBuildWaiting),
        any::<bool>().prop_map(|had_controller| UpdateEvent::ControllerChanged { had_controller }),
        Just(UpdateEvent::ReloadPressed),
        any::<bool>().prop_map(|open| UpdateEvent::Dialog { open }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever the browser reports in whatever order: the page reloads at most once, never
    /// while a dialog is open, and never unless the person pressed "Reload to update" and the
    /// notice offered it; no build is told to take over before that either.
    #[test]
    fn updates_never_reload_on_their_own_or_over_a_dialog(
        events in proptest::collection::vec(update_event(), 0..40),
    ) {
        let mut update = AppUpdate::default();
        let mut dialog_open = false;
        let mut pressed = false;
        let mut reloaded = false;
        for event in events {
            let step = match event {
                UpdateEvent::NewerBuildWaiting => update.newer_build_waiting(),
                UpdateEvent::ControllerChanged { had_controller } => {
                    update.controller_changed(had_controller, dialog_open)
                }
                UpdateEvent::ReloadPressed => {
                    let offered = update.notice() == UpdateNotice::Offered && !dialog_open;
                    let step = update.reload_pressed(dialog_open);
                    prop_assert_eq!(
                        step != UpdateStep::Nothing,
                        offered,
                        "the button acts exactly when the notice offers it and no dialog is open"
                    );
                    pressed |= offered;
                    step
                }
                UpdateEvent::Dialog { open } => {
                    dialog_open = open;
                    UpdateStep::Nothing
                }
            };
            if step != UpdateStep::Nothing {
                prop_assert!(pressed, "{:?} before the person asked", step);
                prop_assert!(!reloaded, "{:?} after the reload", step);
            }
            if step == UpdateStep::Reload {
                prop_assert!(!dialog_open, "a reload over an open dialog");
                reloaded = true;
            }
        }
    }
}
