//! Property tests of the stored format: what the decoder accepts, the encoder writes back in a
//! form the decoder accepts and reads as the same thing — every date (at the edges of what RFC
//! 3339 can express, with any offset) and every field Keyward does not know, through every
//! action a tab can take.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use chrono::{TimeZone, Utc};
use keyward::core::document::{decode_tokens, encode_tokens, TOKENS_STORAGE_KEY};
use keyward::core::{
    load, mint_token, Action, KeyValueStore, MemoryStore, NativeUnicode, Session, TokenName,
};
use proptest::prelude::*;
use serde_json::Value;
use support::Seeded;

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Any RFC 3339 date-time: years 0000 to 9999, optional fractions of up to 12 digits, `T`, `t`
/// or a space, and `Z`, `z` or any offset up to ±23:59. The extremes come up often.
fn rfc3339() -> impl Strategy<Value = String> {
    let year = prop_oneof![Just(0u32), Just(9999u32), 0u32..=9999];
    let month = prop_oneof![Just(1u32), Just(12u32), 1u32..=12];
    // Second 60 is a leap second, which RFC 3339 allows.
    let time = (0u32..24, 0u32..60, prop_oneof![0u32..60, Just(60u32)]);
    let fraction = prop_oneof![Just(String::new()), "\\.[0-9]{1,12}"];
    let separator = prop_oneof![Just('T'), Just('t'), Just(' ')];
    let offset = prop_oneof![
        Just("Z".to_owned()),
        Just("z".to_owned()),
        Just("+23:59".to_owned()),
        Just("-23:59".to_owned()),
        Just("-00:00".to_owned()),
        (any::<bool>(), 0u32..24, 0u32..60)
            .prop_map(|(plus, h, m)| format!("{}{h:02}:{m:02}", if plus { '+' } else { '-' })),
    ];
    (year, month, any::<u32>(), time, fraction, separator, offset).prop_map(
        |(year, month, day, (h, mi, s), fraction, separator, offset)| {
            let day = 1 + day % days_in(year, month);
            format!(
                "{year:04}-{month:02}-{day:02}{separator}{h:02}:{mi:02}:{s:02}{fraction}{offset}"
            )
        },
    )
}

/// Any JSON value, written compactly or with spaces, to stand for a field Keyward does not know.
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        ".{0,8}".prop_map(Value::String),
    ];
    let value = leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec(("[a-z]{1,4}", inner), 0..4)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    });
    (value, any::<bool>()).prop_map(|(value, pretty)| {
        if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        }
    })
}

/// Fields no version of Keyward knows, by names such tools might use.
fn unknown_fields() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("generator".to_owned()),
        Just("scopes".to_owned()),
        Just("note".to_owned()),
        "x_[a-z_]{1,8}",
    ];
    proptest::collection::vec((name, json_text()), 0..4).prop_map(|mut fields| {
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        fields.dedup_by(|a, b| a.0 == b.0);
        fields
    })
}

fn fields_text(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(name, value)| format!(",{}:{value}", serde_json::to_string(name).unwrap()))
        .collect()
}

fn optional(date: &Option<String>) -> String {
    date.as_ref()
        .map_or("null".to_owned(), |d| format!("\"{d}\""))
}

/// One stored record with the given dates and unknown fields, in version 1 or 2 layout.
#[derive(Debug, Clone)]
struct StoredRecord {
    created_at: String,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
    expires_at: Option<String>,
    unknown: Vec<(String, String)>,
}

fn stored_record() -> impl Strategy<Value = StoredRecord> {
    (
        rfc3339(),
        proptest::option::of(rfc3339()),
        proptest::option::of(rfc3339()),
        proptest::option::of(rfc3339()),
        unknown_fields(),
    )
        .prop_map(
            |(created_at, last_used_at, revoked_at, expires_at, unknown)| StoredRecord {
                created_at,
                last_used_at,
                revoked_at,
                expires_at,
                unknown,
            },
        )
}

fn document_text(version: u64, records: &[StoredRecord], top: &[(String, String)]) -> String {
    let records: Vec<String> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let expiry = if version == 1 {
                String::new()
            } else {
                format!(",\"expires_at\":{}", optional(&r.expires_at))
            };
            // Unset dates are written as `null` or, as Keyward writes them, left out.
            let date = |name: &str, date: &Option<String>| match date {
                None if i % 2 == 1 => String::new(),
                date => format!(",\"{name}\":{}", optional(date)),
            };
            format!(
                "{{\"id\":\"00000000-0000-4000-8000-{i:012}\",\"name\":\"k{i}\",\"hash\":\"{:064x}\",\
                 \"display\":\"kw_…\",\"created_at\":\"{}\"{}{}{expiry}{}}}",
                i + 1,
                r.created_at,
                date("last_used_at", &r.last_used_at),
                date("revoked_at", &r.revoked_at),
                fields_text(&r.unknown)
            )
        })
        .collect();
    format!(
        "{{\"version\":{version},\"tokens\":[{}]{}}}",
        records.join(","),
        fields_text(top)
    )
}

fn now() -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(1_790_000_000, 0).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_date_and_unknown_field_survives_decode_encode_decode(
        version in 1u64..=2,
        records in proptest::collection::vec(stored_record(), 0..4),
        top in unknown_fields(),
    ) {
        let text = document_text(version, &records, &top);
        let leap = records.iter().any(|r| {
            [Some(&r.created_at), r.last_used_at.as_ref(), r.revoked_at.as_ref(), r.expires_at.as_ref()]
                .into_iter()
                .flatten()
                .any(|d| d.get(17..19) == Some("60"))
        });
        // A leap second may be refused (as unreadable, text kept); anything else must load.
        let decoded = match decode_tokens(&text) {
            Ok(decoded) => decoded,
            Err(_) if leap => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("{e}: {text}"))),
        };
        let written = encode_tokens(&decoded);
        let again = decode_tokens(&written)
            .map_err(|e| TestCaseError::fail(format!("{e}: what Keyward wrote cannot be read: {written}")))?;
        prop_assert_eq!(&again.tokens, &decoded.tokens);
        prop_assert_eq!(&again.unknown, &decoded.unknown);
        prop_assert_eq!(encode_tokens(&again), written.clone(), "a second save changes nothing");
        // Every date keeps the offset it was written with; unknown fields keep their text.
        for (stored, record) in records.iter().zip(&again.tokens) {
            let dates = [
                (Some(&stored.created_at), Some(record.created_at)),
                (stored.last_used_at.as_ref(), record.last_used_at),
                (stored.revoked_at.as_ref(), record.revoked_at),
                (stored.expires_at.as_ref().filter(|_| version == 2), record.expires_at),
            ];
            for (text, read) in dates {
                match (text, read) {
                    (Some(text), Some(read)) => {
                        let original = chrono::DateTime::parse_from_rfc3339(text).unwrap();
                        prop_assert_eq!(read, original);
                        prop_assert_eq!(read.offset(), original.offset());
                    }
                    (None, None) => {}
                    (text, read) => prop_assert!(false, "{:?} read as {:?}", text, read),
                }
            }
            for (name, value) in &stored.unknown {
                prop_assert_eq!(record.unknown.get(name), Some(value.as_str()));
            }
        }
        for (name, value) in &top {
            prop_assert_eq!(again.unknown.get(name), Some(value.as_str()));
        }
    }

    #[test]
    fn unknown_fields_and_dates_survive_every_action(
        records in proptest::collection::vec(stored_record(), 1..4),
        top in unknown_fields(),
        steps in proptest::collection::vec((0u8..4, 0usize..8), 1..12),
    ) {
        let text = document_text(2, &records, &top);
        let store = MemoryStore::default();
        store.write(TOKENS_STORAGE_KEY, &text).unwrap();
        let original = decode_tokens(&text).unwrap();
        let mut session = Session::new("tab");
        let mut shown = load(&store, now()).keyring;
        for (seed, (kind, target)) in steps.into_iter().enumerate() {
            let ids: Vec<_> = shown.tokens.iter().map(|t| t.id).collect();
            let id = ids.get(target % ids.len().max(1)).copied().unwrap_or_default();
            let action = match kind {
                _ if ids.is_empty() => Action::Create(
                    mint_token(TokenName::parse("new", &NativeUnicode).unwrap(), &mut Seeded(seed as u64), now())
                        .unwrap()
                        .0,
                ),
                0 => Action::Create(
                    mint_token(TokenName::parse("new", &NativeUnicode).unwrap(), &mut Seeded(seed as u64), now())
                        .unwrap()
                        .0,
                ),
                1 => Action::Rename { id, name: TokenName::parse(&format!("r{seed}"), &NativeUnicode).unwrap() },
                2 => Action::Revoke { id, at: now() },
                _ => Action::Delete { id },
            };
            if let Ok(next) = session.commit(&store, &shown, action, now(), 0.0) {
                shown = next;
            }
            let stored = decode_tokens(&store.read(TOKENS_STORAGE_KEY).unwrap().unwrap()).unwrap();
            prop_assert_eq!(&stored.unknown, &original.unknown, "top-level fields survive");
            for before in &original.tokens {
                if let Some(after) = stored.tokens.iter().find(|t| t.id == before.id) {
                    prop_assert_eq!(&after.unknown, &before.unknown, "record fields survive");
                    prop_assert_eq!(after.created_at.offset(), before.created_at.offset());
                    prop_assert_eq!(after.created_at, before.created_at);
                    prop_assert_eq!(after.last_used_at, before.last_used_at);
                    prop_assert_eq!(after.expires_at, before.expires_at);
                }
            }
        }
    }
}

/// Stores `text`, checks it loads without a problem, creates a key as a tab would, and returns
/// what Keyward wrote.
fn create_a_key_over(text: &str) -> String {
    let store = MemoryStore::default();
    store.write(TOKENS_STORAGE_KEY, text).unwrap();
    let loaded = load(&store, now());
    assert_eq!(loaded.tokens_problem, None, "{text}");
    let name = TokenName::parse("any", &NativeUnicode).unwrap();
    let create = Action::Create(mint_token(name, &mut Seeded(1), now()).unwrap().0);
    Session::new("tab")
        .commit(&store, &loaded.keyring, create, now(), 0.0)
        .unwrap();
    store.read(TOKENS_STORAGE_KEY).unwrap().unwrap()
}

/// The two documents of the report: valid RFC 3339 dates whose UTC form lies outside the years
/// 0000–9999. They load, and after Keyward's own save they still load, unchanged.
#[test]
fn dates_beyond_the_utc_years_are_written_back_as_they_were() {
    for date in ["9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+23:59"] {
        let record = StoredRecord {
            created_at: date.to_owned(),
            last_used_at: Some(date.to_owned()),
            revoked_at: None,
            expires_at: Some(date.to_owned()),
            unknown: Vec::new(),
        };
        let written = create_a_key_over(&document_text(2, &[record], &[]));
        assert!(
            written.contains(&format!("\"created_at\":\"{date}\"")),
            "{written}"
        );
        let again = decode_tokens(&written).unwrap();
        assert_eq!(again.tokens.len(), 2);
        assert_eq!(
            encode_tokens(&again),
            written,
            "a second save changes nothing"
        );
    }
}

/// The document of the report: a top-level `generator`, and `scopes` and `note` on a record.
#[test]
fn fields_keyward_does_not_know_survive_a_create() {
    let record = StoredRecord {
        created_at: "2026-01-01T00:00:00Z".to_owned(),
        last_used_at: None,
        revoked_at: None,
        expires_at: None,
        unknown: vec![
            ("scopes".to_owned(), r#"["read","write"]"#.to_owned()),
            ("note".to_owned(), r#""rotated by ops""#.to_owned()),
        ],
    };
    let top = [(
        "generator".to_owned(),
        r#"{"name":"vault-sync","v":3}"#.to_owned(),
    )];
    let written: Value =
        serde_json::from_str(&create_a_key_over(&document_text(2, &[record], &top))).unwrap();
    assert_eq!(written["generator"]["name"], "vault-sync");
    assert_eq!(written["tokens"][0]["scopes"][1], "write");
    assert_eq!(written["tokens"][0]["note"], "rotated by ops");
    assert_eq!(written["tokens"].as_array().unwrap().len(), 2);
}
