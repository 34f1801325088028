//! The stored format: one versioned JSON document for the token records and one for the
//! column settings, each under its own localStorage key.
//!
//! Tokens: `{"version": 2, "tokens": [TokenRecord, ...]}` under [`TOKENS_STORAGE_KEY`].
//! Columns: `{"version": 1, "hidden": ["created", ...]}` under [`COLUMNS_STORAGE_KEY`].
//!
//! Token document versions:
//! - 1: records with `id`, `name`, `hash`, `display`, `created_at`, `last_used_at`, `revoked_at`;
//! - 2: adds `expires_at` to every record (`null`: the key never expires).
//!
//! Older documents are upgraded by a chain of typed migrations (v1 → v2 → …), so every version
//! ever written stays readable. Decoding never guesses: anything it cannot read exactly is an
//! error that names the problem, so the caller can refuse to overwrite the stored text.

use std::fmt;
use std::rc::Rc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::columns::{Column, ColumnVisibility};
use super::key::is_key_hash;
use super::token::TokenRecord;

/// localStorage key of the token document.
pub const TOKENS_STORAGE_KEY: &str = "keyward.tokens";
/// localStorage key of the column settings document.
pub const COLUMNS_STORAGE_KEY: &str = "keyward.columns";
/// Backups of stored text are kept under keys starting with this.
pub const BACKUP_KEY_PREFIX: &str = "keyward.backup.";
/// The token document version this build writes.
pub const TOKENS_VERSION: u64 = 2;
/// The oldest token document version this build can upgrade.
pub const OLDEST_TOKENS_VERSION: u64 = 1;
/// The column settings version this build writes and reads.
pub const COLUMNS_VERSION: u64 = 1;

/// Why a stored document could not be read. The `Display` text is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// Not JSON at all (truncated, or written by something else).
    InvalidJson(String),
    /// JSON, but not the structure Keyward writes.
    WrongShape(String),
    /// A version this build does not know: newer (written by a newer Keyward) or never written.
    UnsupportedVersion { found: u64, newest: u64 },
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidJson(detail) => write!(f, "The stored data is not valid JSON ({detail})."),
            Self::WrongShape(detail) => {
                write!(
                    f,
                    "The stored data is not in the expected format: {detail}."
                )
            }
            Self::UnsupportedVersion { found, newest } if found > newest => write!(
                f,
                "The stored data is format version {found}, but this version of Keyward reads \
                 only up to version {newest}. It was probably written by a newer Keyward."
            ),
            Self::UnsupportedVersion { found, .. } => write!(
                f,
                "The stored data claims format version {found}, which Keyward never wrote."
            ),
        }
    }
}

impl std::error::Error for DocumentError {}

/// The records of a token document, and the version they were stored in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedTokens {
    /// The records, upgraded to the current version.
    pub tokens: Vec<Rc<TokenRecord>>,
    /// The version of the stored text; older than [`TOKENS_VERSION`] means it was migrated.
    pub stored_version: u64,
}

impl DecodedTokens {
    /// Whether the stored text is in an older format than this build writes.
    pub fn was_migrated(&self) -> bool {
        self.stored_version != TOKENS_VERSION
    }
}

/// Version 1 of the token document, as it was written.
mod v1 {
    use super::*;

    use crate::core::token::rfc3339;

    #[derive(Deserialize)]
    pub struct Record {
        pub id: uuid::Uuid,
        pub name: String,
        pub hash: String,
        pub display: String,
        #[serde(with = "rfc3339")]
        pub created_at: DateTime<Utc>,
        #[serde(default, with = "rfc3339::option")]
        pub last_used_at: Option<DateTime<Utc>>,
        #[serde(default, with = "rfc3339::option")]
        pub revoked_at: Option<DateTime<Utc>>,
    }

    #[derive(Deserialize)]
    pub struct Document {
        pub tokens: Vec<Record>,
    }

    /// v1 → v2: a record gains `expires_at`; keys made before expiry existed never expire.
    pub fn upgrade(record: Record) -> TokenRecord {
        TokenRecord {
            id: record.id,
            name: record.name,
            hash: record.hash,
            display: record.display,
            created_at: record.created_at,
            last_used_at: record.last_used_at,
            revoked_at: record.revoked_at,
            expires_at: None,
        }
    }
}

/// Version 2 of the token document: the current one.
#[derive(Deserialize)]
struct TokensDocument {
    tokens: Vec<Rc<TokenRecord>>,
}

#[derive(Serialize)]
struct TokensDocumentRef<'a> {
    version: u64,
    tokens: &'a [Rc<TokenRecord>],
}

#[derive(Serialize, Deserialize)]
struct ColumnsDocument {
    hidden: Vec<Column>,
}

#[derive(Serialize)]
struct ColumnsDocumentRef {
    version: u64,
    hidden: Vec<Column>,
}

/// Just the `version` field of a document, to pick the decoder before reading the rest.
#[derive(Deserialize)]
struct VersionProbe {
    version: Option<u64>,
}

/// Reads the `version` of `raw` and checks it lies in `oldest..=newest`.
fn read_version(raw: &str, oldest: u64, newest: u64) -> Result<u64, DocumentError> {
    let probe: VersionProbe = serde_json::from_str(raw).map_err(|e| match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            DocumentError::InvalidJson(e.to_string())
        }
        Category::Data => DocumentError::WrongShape(format!("its version is unreadable ({e})")),
    })?;
    match probe.version {
        None => Err(DocumentError::WrongShape("it has no version number".into())),
        Some(found) if !(oldest..=newest).contains(&found) => {
            Err(DocumentError::UnsupportedVersion { found, newest })
        }
        Some(found) => Ok(found),
    }
}

/// Reads `raw` as the structure `T`, once its version is known.
fn read_document<T: for<'de> Deserialize<'de>>(raw: &str) -> Result<T, DocumentError> {
    serde_json::from_str(raw).map_err(|e| DocumentError::WrongShape(e.to_string()))
}

/// Reads a token document of any supported version, upgrading it to the current one.
pub fn decode_tokens(raw: &str) -> Result<DecodedTokens, DocumentError> {
    let stored_version = read_version(raw, OLDEST_TOKENS_VERSION, TOKENS_VERSION)?;
    let tokens = match stored_version {
        1 => {
            let document: v1::Document = read_document(raw)?;
            document
                .tokens
                .into_iter()
                .map(|record| Rc::new(v1::upgrade(record)))
                .collect()
        }
        _ => read_document::<TokensDocument>(raw)?.tokens,
    };
    check_records(&tokens)?;
    Ok(DecodedTokens {
        tokens,
        stored_version,
    })
}

/// The invariants every stored document must hold: unique ids, one record per key, real hashes.
fn check_records(tokens: &[Rc<TokenRecord>]) -> Result<(), DocumentError> {
    if let Some(token) = tokens.iter().find(|t| !is_key_hash(&t.hash)) {
        return Err(DocumentError::WrongShape(format!(
            "the key {} has no valid hash",
            token.id
        )));
    }
    // Sorting finds duplicates in O(n log n) without a hash set's code in the download.
    let mut by_id: Vec<&TokenRecord> = tokens.iter().map(|t| t.as_ref()).collect();
    by_id.sort_unstable_by_key(|t| t.id);
    if let Some(pair) = by_id.windows(2).find(|pair| pair[0].id == pair[1].id) {
        return Err(DocumentError::WrongShape(format!(
            "two keys have the same id {}",
            pair[0].id
        )));
    }
    by_id.sort_unstable_by(|a, b| a.hash.cmp(&b.hash));
    if let Some(pair) = by_id.windows(2).find(|pair| pair[0].hash == pair[1].hash) {
        return Err(DocumentError::WrongShape(format!(
            "the key {} is stored twice",
            pair[1].id
        )));
    }
    Ok(())
}

/// The records that can still be read from a document [`decode_tokens`] refused, one by one,
/// in any known version: enough to show the user what is there, never to save over it. Of
/// several records with one id only the first is kept, since the view is keyed by id.
pub fn salvage_tokens(raw: &str) -> Vec<Rc<TokenRecord>> {
    #[derive(Deserialize)]
    struct Loose<'a> {
        #[serde(borrow)]
        tokens: Vec<&'a RawValue>,
    }
    let Ok(loose) = serde_json::from_str::<Loose>(raw) else {
        return Vec::new();
    };
    let records: Vec<TokenRecord> = loose
        .tokens
        .into_iter()
        .filter_map(|record| {
            serde_json::from_str::<TokenRecord>(record.get())
                .ok()
                .or_else(|| {
                    serde_json::from_str::<v1::Record>(record.get())
                        .ok()
                        .map(v1::upgrade)
                })
        })
        .collect();
    // Keep the first record of each id, in document order, without a hash set.
    let mut by_id: Vec<usize> = (0..records.len()).collect();
    by_id.sort_unstable_by_key(|&i| (records[i].id, i));
    let mut keep = vec![true; records.len()];
    for pair in by_id.windows(2) {
        if records[pair[0]].id == records[pair[1]].id {
            keep[pair[1]] = false;
        }
    }
    records
        .into_iter()
        .zip(keep)
        .filter_map(|(record, keep)| keep.then(|| Rc::new(record)))
        .collect()
}

/// Writes a token document in the current version.
pub fn encode_tokens(tokens: &[Rc<TokenRecord>]) -> String {
    to_json(&TokensDocumentRef {
        version: TOKENS_VERSION,
        tokens,
    })
}

/// Reads a column settings document.
pub fn decode_columns(raw: &str) -> Result<ColumnVisibility, DocumentError> {
    read_version(raw, COLUMNS_VERSION, COLUMNS_VERSION)?;
    let document: ColumnsDocument = read_document(raw)?;
    let columns = ColumnVisibility::with_hidden(document.hidden);
    if columns.visible().next().is_none() {
        return Err(DocumentError::WrongShape("it hides every column".into()));
    }
    Ok(columns)
}

/// Writes a column settings document.
pub fn encode_columns(columns: &ColumnVisibility) -> String {
    to_json(&ColumnsDocumentRef {
        version: COLUMNS_VERSION,
        hidden: columns.hidden().collect(),
    })
}

/// The storage key for a backup of stored text, e.g.
/// `keyward.backup.tokens-v1.2026-11-24T21:05:00.123Z`: the reason, then the time, so backups
/// never overwrite each other and sort by age.
pub fn backup_key(reason: &str, at: DateTime<Utc>) -> String {
    format!(
        "{BACKUP_KEY_PREFIX}{reason}.{}",
        at.to_rfc3339_opts(SecondsFormat::Millis, true)
    )
}

fn to_json(document: &impl Serialize) -> String {
    // Serialising these plain structs (strings, numbers, RFC 3339 dates, UUIDs) cannot fail;
    // an empty string would be refused by the decoder rather than silently accepted.
    serde_json::to_string(document).unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::state::tests::record;
    use chrono::TimeZone;

    fn sample_tokens() -> Vec<Rc<TokenRecord>> {
        let mut revoked = record("old", 2);
        revoked.revoked_at = Some(Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap());
        revoked.last_used_at = Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        let mut expiring = record("ci", 3);
        expiring.expires_at = Some(Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap());
        vec![
            Rc::new(record("🔑 prod", 1)),
            Rc::new(revoked),
            Rc::new(expiring),
        ]
    }

    /// A version 1 document exactly as version 1 of Keyward wrote it.
    fn v1_text(tokens: &[Rc<TokenRecord>]) -> String {
        let records: Vec<String> = tokens
            .iter()
            .map(|t| {
                let date = |d: Option<DateTime<Utc>>| {
                    d.map_or("null".to_owned(), |d| {
                        format!("\"{}\"", d.to_rfc3339_opts(SecondsFormat::AutoSi, true))
                    })
                };
                format!(
                    r#"{{"id":"{}","name":{},"hash":"{}","display":"{}","created_at":{},"last_used_at":{},"revoked_at":{}}}"#,
                    t.id,
                    serde_json::to_string(&t.name).unwrap(),
                    t.hash,
                    t.display,
                    date(Some(t.created_at)),
                    date(t.last_used_at),
                    date(t.revoked_at)
                )
            })
            .collect();
        format!(r#"{{"version":1,"tokens":[{}]}}"#, records.join(","))
    }

    #[test]
    fn tokens_round_trip_in_the_current_version() {
        let tokens = sample_tokens();
        let raw = encode_tokens(&tokens);
        assert!(raw.starts_with(r#"{"version":2,"tokens":["#));
        assert!(raw.contains(r#""expires_at":null"#));
        let decoded = decode_tokens(&raw).unwrap();
        assert_eq!(decoded.tokens, tokens);
        assert_eq!(decoded.stored_version, TOKENS_VERSION);
        assert!(!decoded.was_migrated());
    }

    #[test]
    fn an_empty_document_round_trips() {
        assert_eq!(decode_tokens(&encode_tokens(&[])).unwrap().tokens, vec![]);
    }

    #[test]
    fn every_older_version_migrates_to_the_newest() {
        // One case per version ever written; extend when TOKENS_VERSION grows.
        let mut tokens = sample_tokens();
        for token in &mut tokens {
            Rc::make_mut(token).expires_at = None;
        }
        let texts = [(1, v1_text(&tokens)), (2, encode_tokens(&tokens))];
        assert_eq!(
            texts.len() as u64,
            TOKENS_VERSION - OLDEST_TOKENS_VERSION + 1
        );
        for (version, text) in texts {
            let decoded = decode_tokens(&text).unwrap();
            assert_eq!(decoded.stored_version, version);
            assert_eq!(decoded.was_migrated(), version != TOKENS_VERSION);
            assert_eq!(decoded.tokens, tokens, "from version {version}");
            // Re-encoding gives the newest format, which reads back unchanged.
            let again = decode_tokens(&encode_tokens(&decoded.tokens)).unwrap();
            assert_eq!(again.tokens, tokens);
            assert!(!again.was_migrated());
        }
    }

    #[test]
    fn v1_records_without_optional_dates_migrate() {
        let token = &sample_tokens()[0];
        let raw = format!(
            r#"{{"version":1,"tokens":[{{"id":"{}","name":"n","hash":"{}","display":"kw_…","created_at":"2026-03-01T10:00:00Z"}}]}}"#,
            token.id, token.hash
        );
        let tokens = decode_tokens(&raw).unwrap().tokens;
        assert_eq!(tokens[0].last_used_at, None);
        assert_eq!(tokens[0].revoked_at, None);
        assert_eq!(tokens[0].expires_at, None);
    }

    #[test]
    fn garbage_is_invalid_json() {
        for raw in [
            "",
            "not json",
            "{\"version\":2,",
            "\u{0}",
            "{\"version\":2}}",
        ] {
            assert!(
                matches!(decode_tokens(raw), Err(DocumentError::InvalidJson(_))),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn wrong_shapes_are_named() {
        let cases = [
            ("[]", "version is unreadable"),
            ("{}", "no version number"),
            (r#"{"version":"1","tokens":[]}"#, "version is unreadable"),
            (r#"{"version":-1,"tokens":[]}"#, "version is unreadable"),
            (r#"{"version":2}"#, "missing field `tokens`"),
            (r#"{"version":1}"#, "missing field `tokens`"),
            (r#"{"version":2,"tokens":[{"id":"x"}]}"#, ""),
            (r#"{"version":2,"tokens":{}}"#, ""),
        ];
        for (raw, detail) in cases {
            match decode_tokens(raw) {
                Err(DocumentError::WrongShape(message)) => {
                    assert!(message.contains(detail), "{raw}: {message}")
                }
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        let token = &sample_tokens()[0];
        let raw = encode_tokens(std::slice::from_ref(token)).replace(
            &token
                .created_at
                .to_rfc3339_opts(SecondsFormat::AutoSi, true),
            "2026-02-30T25:61:00Z",
        );
        assert!(matches!(
            decode_tokens(&raw),
            Err(DocumentError::WrongShape(_))
        ));
    }

    #[test]
    fn duplicate_ids_duplicate_keys_and_bad_hashes_are_refused() {
        let tokens = sample_tokens();
        let mut twin = (*tokens[1]).clone();
        twin.id = tokens[0].id;
        let err = decode_tokens(&encode_tokens(&[tokens[0].clone(), Rc::new(twin)])).unwrap_err();
        assert!(err.to_string().contains("same id"), "{err}");

        let mut same_key = (*tokens[1]).clone();
        same_key.hash = tokens[0].hash.clone();
        let err =
            decode_tokens(&encode_tokens(&[tokens[0].clone(), Rc::new(same_key)])).unwrap_err();
        assert!(err.to_string().contains("stored twice"), "{err}");

        let mut unhashed = (*tokens[0]).clone();
        unhashed.hash = "kw_plaintextkey".into();
        let err = decode_tokens(&encode_tokens(&[Rc::new(unhashed)])).unwrap_err();
        assert!(err.to_string().contains("no valid hash"), "{err}");
    }

    #[test]
    fn unknown_versions_are_refused_with_a_reason() {
        let err = decode_tokens(r#"{"version":3,"tokens":[]}"#).unwrap_err();
        assert_eq!(
            err,
            DocumentError::UnsupportedVersion {
                found: 3,
                newest: 2
            }
        );
        assert!(err.to_string().contains("newer Keyward"));
        let err = decode_tokens(r#"{"version":0,"tokens":[]}"#).unwrap_err();
        assert!(matches!(
            err,
            DocumentError::UnsupportedVersion { found: 0, .. }
        ));
        assert!(err.to_string().contains("never wrote"));
    }

    #[test]
    fn salvage_reads_what_it_can_record_by_record() {
        let tokens = sample_tokens();
        let good = encode_tokens(&tokens);
        // One broken record among good ones, in a document that also has a duplicate id.
        let broken = good.replacen(r#""name":"old""#, r#""name":42"#, 1);
        assert!(decode_tokens(&broken).is_err());
        let salvaged = salvage_tokens(&broken);
        assert_eq!(salvaged.len(), 2);
        assert!(salvaged.iter().all(|t| t.name != "old"));
        // Version 1 records are salvaged too, and a newer version's records as far as readable.
        assert_eq!(salvage_tokens(&v1_text(&tokens)).len(), 3);
        assert_eq!(
            salvage_tokens(&good.replacen("\"version\":2", "\"version\":9", 1)).len(),
            3
        );
        // Twins by id are shown once.
        let mut twin = (*tokens[1]).clone();
        twin.id = tokens[0].id;
        let twins = encode_tokens(&[tokens[0].clone(), Rc::new(twin)]);
        assert!(decode_tokens(&twins).is_err());
        assert_eq!(salvage_tokens(&twins), vec![tokens[0].clone()]);
        // Nothing readable: nothing salvaged, no panic.
        assert!(salvage_tokens("{{{").is_empty());
        assert!(salvage_tokens(r#"{"tokens":"no"}"#).is_empty());
    }

    #[test]
    fn backup_keys_name_the_reason_and_the_time() {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 21, 5, 0).unwrap();
        assert_eq!(
            backup_key("tokens-v1", at),
            "keyward.backup.tokens-v1.2026-11-24T21:05:00.000Z"
        );
    }

    #[test]
    fn columns_round_trip() {
        let columns = ColumnVisibility::with_hidden([Column::LastUsed, Column::Key]);
        let raw = encode_columns(&columns);
        assert_eq!(raw, r#"{"version":1,"hidden":["key","last_used"]}"#);
        assert_eq!(decode_columns(&raw).unwrap(), columns);
        assert_eq!(
            decode_columns(&encode_columns(&ColumnVisibility::default())).unwrap(),
            ColumnVisibility::default()
        );
    }

    #[test]
    fn broken_column_settings_are_refused() {
        assert!(matches!(
            decode_columns("nope"),
            Err(DocumentError::InvalidJson(_))
        ));
        assert!(matches!(
            decode_columns(r#"{"version":1,"hidden":["colour"]}"#),
            Err(DocumentError::WrongShape(_))
        ));
        assert!(matches!(
            decode_columns(r#"{"version":9,"hidden":[]}"#),
            Err(DocumentError::UnsupportedVersion { found: 9, .. })
        ));
        let all = r#"{"version":1,"hidden":["name","key","created","last_used","actions"]}"#;
        assert!(decode_columns(all)
            .unwrap_err()
            .to_string()
            .contains("hides every column"));
    }
}
