//! The stored format: one versioned JSON document for the token records and one for the
//! column settings, each under its own localStorage key.
//!
//! Tokens: `{"version": 1, "tokens": [TokenRecord, ...]}` under [`TOKENS_STORAGE_KEY`].
//! Columns: `{"version": 1, "hidden": ["created", ...]}` under [`COLUMNS_STORAGE_KEY`].
//!
//! Decoding never guesses: anything it cannot read exactly is an error that names the problem,
//! so the caller can refuse to overwrite the stored text.

use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::error::Category;

use super::columns::{Column, ColumnVisibility};
use super::key::is_key_hash;
use super::token::TokenRecord;

/// localStorage key of the token document.
pub const TOKENS_STORAGE_KEY: &str = "keyward.tokens";
/// localStorage key of the column settings document.
pub const COLUMNS_STORAGE_KEY: &str = "keyward.columns";
/// The token document version this build writes and reads.
pub const TOKENS_VERSION: u64 = 1;
/// The column settings version this build writes and reads.
pub const COLUMNS_VERSION: u64 = 1;

/// Why a stored document could not be read. The `Display` text is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// Not JSON at all (truncated, or written by something else).
    InvalidJson(String),
    /// JSON, but not the structure Keyward writes.
    WrongShape(String),
    /// A version this build does not know, probably written by a newer Keyward.
    UnsupportedVersion { found: u64, supported: u64 },
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
            Self::UnsupportedVersion { found, supported } => write!(
                f,
                "The stored data is format version {found}, but this version of Keyward reads \
                 only version {supported}. It was probably written by a newer Keyward."
            ),
        }
    }
}

impl std::error::Error for DocumentError {}

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

/// Checks that `raw` is JSON with a `version` field equal to `supported`.
fn check_version(raw: &str, supported: u64) -> Result<(), DocumentError> {
    let probe: VersionProbe = serde_json::from_str(raw).map_err(|e| match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            DocumentError::InvalidJson(e.to_string())
        }
        Category::Data => DocumentError::WrongShape(format!("its version is unreadable ({e})")),
    })?;
    match probe.version {
        None => Err(DocumentError::WrongShape("it has no version number".into())),
        Some(version) if version != supported => Err(DocumentError::UnsupportedVersion {
            found: version,
            supported,
        }),
        Some(_) => Ok(()),
    }
}

/// Reads `raw` as the structure `T`, once its version is known to be right.
fn read_document<T: for<'de> Deserialize<'de>>(raw: &str) -> Result<T, DocumentError> {
    serde_json::from_str(raw).map_err(|e| DocumentError::WrongShape(e.to_string()))
}

/// Reads a token document.
pub fn decode_tokens(raw: &str) -> Result<Vec<Rc<TokenRecord>>, DocumentError> {
    check_version(raw, TOKENS_VERSION)?;
    let document: TokensDocument = read_document(raw)?;
    let mut ids = HashSet::with_capacity(document.tokens.len());
    for token in &document.tokens {
        if !ids.insert(token.id) {
            return Err(DocumentError::WrongShape(format!(
                "two keys have the same id {}",
                token.id
            )));
        }
        if !is_key_hash(&token.hash) {
            return Err(DocumentError::WrongShape(format!(
                "the key {} has no valid hash",
                token.id
            )));
        }
    }
    Ok(document.tokens)
}

/// Writes a token document.
pub fn encode_tokens(tokens: &[Rc<TokenRecord>]) -> String {
    to_json(&TokensDocumentRef {
        version: TOKENS_VERSION,
        tokens,
    })
}

/// Reads a column settings document.
pub fn decode_columns(raw: &str) -> Result<ColumnVisibility, DocumentError> {
    check_version(raw, COLUMNS_VERSION)?;
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

fn to_json(document: &impl Serialize) -> String {
    // Serialising these plain structs (strings, numbers, RFC 3339 dates, UUIDs) cannot fail;
    // an empty string would be refused by the decoder rather than silently accepted.
    serde_json::to_string(document).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::state::tests::record;
    use chrono::{TimeZone, Utc};

    fn sample_tokens() -> Vec<Rc<TokenRecord>> {
        let mut revoked = record("old", 2);
        revoked.revoked_at = Some(Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap());
        revoked.last_used_at = Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
        vec![Rc::new(record("🔑 prod", 1)), Rc::new(revoked)]
    }

    #[test]
    fn tokens_round_trip() {
        let tokens = sample_tokens();
        let raw = encode_tokens(&tokens);
        assert!(raw.starts_with(r#"{"version":1,"tokens":["#));
        assert_eq!(decode_tokens(&raw).unwrap(), tokens);
    }

    #[test]
    fn an_empty_document_round_trips() {
        assert_eq!(decode_tokens(&encode_tokens(&[])).unwrap(), vec![]);
    }

    #[test]
    fn optional_dates_may_be_missing() {
        let token = &sample_tokens()[0];
        let raw = format!(
            r#"{{"version":1,"tokens":[{{"id":"{}","name":"n","hash":"{}","display":"kw_…","created_at":"2026-03-01T10:00:00Z"}}]}}"#,
            token.id, token.hash
        );
        let tokens = decode_tokens(&raw).unwrap();
        assert_eq!(tokens[0].last_used_at, None);
        assert_eq!(tokens[0].revoked_at, None);
    }

    #[test]
    fn garbage_is_invalid_json() {
        for raw in ["", "not json", "{\"version\":1,", "\u{0}"] {
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
            (r#"{"version":1}"#, "missing field `tokens`"),
            (r#"{"version":1,"tokens":[{"id":"x"}]}"#, ""),
            (r#"{"version":1,"tokens":{}}"#, ""),
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
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            "2026-02-30T25:61:00Z",
        );
        assert!(matches!(
            decode_tokens(&raw),
            Err(DocumentError::WrongShape(_))
        ));
    }

    #[test]
    fn duplicate_ids_and_bad_hashes_are_refused() {
        let tokens = sample_tokens();
        let mut twin = (*tokens[1]).clone();
        twin.id = tokens[0].id;
        let raw = encode_tokens(&[tokens[0].clone(), Rc::new(twin)]);
        let err = decode_tokens(&raw).unwrap_err();
        assert!(err.to_string().contains("same id"), "{err}");

        let mut unhashed = (*tokens[0]).clone();
        unhashed.hash = "kw_plaintextkey".into();
        let err = decode_tokens(&encode_tokens(&[Rc::new(unhashed)])).unwrap_err();
        assert!(err.to_string().contains("no valid hash"), "{err}");
    }

    #[test]
    fn unknown_versions_are_refused_with_both_numbers() {
        let err = decode_tokens(r#"{"version":2,"tokens":[]}"#).unwrap_err();
        assert_eq!(
            err,
            DocumentError::UnsupportedVersion {
                found: 2,
                supported: 1
            }
        );
        assert!(err.to_string().contains("newer Keyward"));
        assert!(matches!(
            decode_tokens(r#"{"version":0,"tokens":[]}"#),
            Err(DocumentError::UnsupportedVersion { found: 0, .. })
        ));
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
