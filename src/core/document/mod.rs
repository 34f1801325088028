//! The stored format: one versioned JSON document for the token records and one for the
//! column settings, each under its own localStorage key.
//!
//! Tokens: `{"version": 2, "writers": {...}, "tokens": [record, ...]}` under
//! [`TOKENS_STORAGE_KEY`] (records: see `record.rs`; writers: see [`Writers`]).
//! Columns: `{"version": 2, "hidden": ["created", ...], "filter": "all", "sort": {"column":
//! "created", "direction": "descending"}}` under [`COLUMNS_STORAGE_KEY`].
//!
//! Token document versions:
//! - 1: records with `id`, `name`, `hash`, `display`, `created_at`, `last_used_at`, `revoked_at`;
//! - 2: adds `expires_at` to every record (`null`: the key never expires), and an optional
//!   `writers` object.
//!
//! Column settings versions:
//! - 1: `hidden`, the columns not shown (a column added later starts out shown);
//! - 2: adds the table's status `filter` and its `sort` (a version 1 document reads as "All",
//!   newest first).
//!
//! In both token document versions a record may leave out `last_used_at` and `revoked_at` (meaning `null`);
//! Keyward writes them only when set (see `record.rs`).
//!
//! Older documents are upgraded by a chain of migrations (v1 → v2 → …), so every version ever
//! written stays readable. Decoding never guesses: anything it cannot read exactly is an error
//! that names the problem, so the caller can refuse to overwrite the stored text. Whatever a
//! document holds that this version does not know (top-level fields, record fields) is kept and
//! written back unchanged, and every date is written back in the form it was read.

mod fields;
mod record;
mod salvage;
mod writers;

use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::error::Category;
use serde_json::value::RawValue;

pub use fields::UnknownFields;
pub use salvage::{salvage_tokens, salvage_writers};
pub use writers::{starts_with_entry, Writers, MAX_WRITERS};

use super::columns::{Column, ColumnVisibility};
use super::key::is_key_hash;
use super::token::TokenRecord;
use super::view::{ListView, Sort, StatusFilter};
use fields::Text;
use record::{RecordList, Schema};

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
/// The column settings version this build writes.
pub const COLUMNS_VERSION: u64 = 2;

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

/// A token document: the records, which writes it includes, and whatever else it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokensDocument {
    /// The records, upgraded to the current version.
    pub tokens: Vec<Rc<TokenRecord>>,
    /// Which tabs' writes the document includes.
    pub writers: Writers,
    /// Top-level fields this version does not know, written back unchanged.
    pub unknown: UnknownFields,
    /// The version of the stored text; older than [`TOKENS_VERSION`] means it was migrated.
    pub stored_version: u64,
}

impl Default for TokensDocument {
    fn default() -> Self {
        Self {
            tokens: Vec::new(),
            writers: Writers::default(),
            unknown: UnknownFields::default(),
            stored_version: TOKENS_VERSION,
        }
    }
}

impl TokensDocument {
    /// Whether the stored text is in an older format than this build writes.
    pub fn was_migrated(&self) -> bool {
        self.stored_version != TOKENS_VERSION
    }
}

impl Serialize for TokensDocument {
    /// Always the current version.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("version", &TOKENS_VERSION)?;
        map.serialize_entry("writers", &self.writers)?;
        map.serialize_entry("tokens", &self.tokens)?;
        self.unknown.write_into(&mut map)?;
        map.end()
    }
}

/// The column settings as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnsDocument {
    /// Which columns are shown.
    pub columns: ColumnVisibility,
    /// The status filter and the order.
    pub view: ListView,
    /// Top-level fields this version does not know, written back unchanged.
    pub unknown: UnknownFields,
}

impl Serialize for ColumnsDocument {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hidden: Vec<Column> = self.columns.hidden().collect();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("version", &COLUMNS_VERSION)?;
        map.serialize_entry("hidden", &hidden)?;
        map.serialize_entry("filter", &self.view.filter)?;
        map.serialize_entry("sort", &self.view.sort)?;
        self.unknown.write_into(&mut map)?;
        map.end()
    }
}

/// The top level of a stored document, read in one pass: the raw text of the fields the caller
/// knows (decoded once the version says how), and every other field.
struct TopLevel<'de> {
    known: Vec<(&'static str, &'de RawValue)>,
    unknown: UnknownFields,
    /// A token document's records, when they were decoded as the parser met them.
    records: Option<Vec<Rc<TokenRecord>>>,
}

impl<'de> TopLevel<'de> {
    /// Reads `raw` as a document whose fields besides `version` are `known`. With `records`,
    /// a token document's records that come after a version this build reads (as Keyward
    /// writes them) are decoded on the way, instead of kept as text to decode once more.
    fn read(
        raw: &'de str,
        known: &'static [&'static str],
        records: bool,
    ) -> Result<Self, DocumentError> {
        let mut deserializer = serde_json::Deserializer::from_str(raw);
        let top = deserializer
            .deserialize_map(TopLevelVisitor { known, records })
            .and_then(|top| deserializer.end().map(|()| top))
            .map_err(|e| match e.classify() {
                Category::Syntax | Category::Eof | Category::Io => {
                    DocumentError::InvalidJson(e.to_string())
                }
                Category::Data => DocumentError::WrongShape(e.to_string()),
            })?;
        Ok(top)
    }

    /// Reads the `version` field and checks it lies in `oldest..=newest`.
    fn version_in(&self, oldest: u64, newest: u64) -> Result<u64, DocumentError> {
        let version = match self.field("version") {
            None => None,
            Some(raw) => serde_json::from_str::<Option<u64>>(raw.get()).map_err(|e| {
                DocumentError::WrongShape(format!("its version is unreadable ({e})"))
            })?,
        };
        match version {
            None => Err(DocumentError::WrongShape("it has no version number".into())),
            Some(found) if !(oldest..=newest).contains(&found) => {
                Err(DocumentError::UnsupportedVersion { found, newest })
            }
            Some(found) => Ok(found),
        }
    }

    /// The raw text of the known field `name`, if present.
    fn field(&self, name: &str) -> Option<&'de RawValue> {
        self.known
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, raw)| *raw)
    }

    /// Decodes the known field `name`, which must be present.
    fn decode<T: Deserialize<'de>>(&self, name: &str) -> Result<T, DocumentError> {
        self.decode_with(name, PhantomData)
    }

    /// Decodes the known field `name`, which must be present, with `seed`.
    fn decode_with<S: DeserializeSeed<'de>>(
        &self,
        name: &str,
        seed: S,
    ) -> Result<S::Value, DocumentError> {
        let raw = self
            .field(name)
            .ok_or_else(|| DocumentError::WrongShape(format!("missing field `{name}`")))?;
        decode_field_with(name, raw, seed)
    }
}

/// Decodes the value of the field `name`.
fn decode_field<'de, T: Deserialize<'de>>(
    name: &str,
    raw: &'de RawValue,
) -> Result<T, DocumentError> {
    decode_field_with(name, raw, PhantomData)
}

/// Decodes the value of the field `name` with `seed`.
fn decode_field_with<'de, S: DeserializeSeed<'de>>(
    name: &str,
    raw: &'de RawValue,
    seed: S,
) -> Result<S::Value, DocumentError> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    seed.deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|e| DocumentError::WrongShape(format!("its `{name}` cannot be read: {e}")))
}

struct TopLevelVisitor {
    known: &'static [&'static str],
    records: bool,
}

impl TopLevelVisitor {
    /// The layout to decode the field `name` in as it is read: the records, once `top` has a
    /// version this build reads.
    fn records_in(&self, top: &TopLevel, name: &str) -> Option<Schema> {
        if !self.records || name != "tokens" {
            return None;
        }
        let version = top.version_in(OLDEST_TOKENS_VERSION, TOKENS_VERSION).ok()?;
        Some(Schema::of(version))
    }
}

impl<'de> Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Keyward document (an object with a version)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel<'de>, A::Error> {
        let mut top = TopLevel {
            known: Vec::new(),
            unknown: UnknownFields::default(),
            records: None,
        };
        while let Some(Text(field)) = map.next_key::<Text>()? {
            if let Some(&name) = self.known.iter().find(|&&name| name == field) {
                if top.field(name).is_some() || (name == "tokens" && top.records.is_some()) {
                    return Err(de::Error::duplicate_field(name));
                }
                match self.records_in(&top, name) {
                    Some(schema) => top.records = Some(map.next_value_seed(RecordList(schema))?),
                    None => top.known.push((name, map.next_value()?)),
                }
            } else {
                top.unknown.read_next(field, &mut map)?;
            }
        }
        Ok(top)
    }
}

/// The top-level fields of a token document that Keyward knows.
const TOKENS_FIELDS: &[&str] = &["version", "writers", "tokens"];

/// Reads a token document of any supported version, upgrading it to the current one.
///
/// A document whose version comes before its records (as every Keyward writes it) is read in
/// one pass, the records decoded as the parser meets them. Any other (fields reordered by
/// hand), or one that turns out unreadable, is read with its records kept as text and decoded
/// after, which also gives the error that names the problem.
pub fn decode_tokens(raw: &str) -> Result<TokensDocument, DocumentError> {
    let top = TopLevel::read(raw, TOKENS_FIELDS, true)
        .or_else(|_| TopLevel::read(raw, TOKENS_FIELDS, false))?;
    decode_top_level(top)
}

/// The token document whose top level is `top`.
fn decode_top_level(mut top: TopLevel) -> Result<TokensDocument, DocumentError> {
    let stored_version = top.version_in(OLDEST_TOKENS_VERSION, TOKENS_VERSION)?;
    let tokens = match top.records.take() {
        Some(records) => records,
        None => top.decode_with("tokens", RecordList(Schema::of(stored_version)))?,
    };
    let writers = match top.field("writers") {
        Some(raw) => decode_field("writers", raw)?,
        None => Writers::default(),
    };
    check_records(&tokens)?;
    Ok(TokensDocument {
        tokens,
        writers,
        unknown: top.unknown,
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
    if let Some(token) = tokens
        .iter()
        .find(|t| t.old_secrets.iter().any(|old| !is_key_hash(&old.hash)))
    {
        return Err(DocumentError::WrongShape(format!(
            "an old secret of the key {} has no valid hash",
            token.id
        )));
    }
    // Sorting finds duplicates in O(n log n) without a hash set's code in the download.
    let by_id = crate::core::listing::sorted_indices(tokens.len(), &mut |a, b| {
        tokens[a].id.cmp(&tokens[b].id)
    });
    if let Some(pair) = by_id
        .windows(2)
        .find(|p| tokens[p[0]].id == tokens[p[1]].id)
    {
        return Err(DocumentError::WrongShape(format!(
            "two keys have the same id {}",
            tokens[pair[0]].id
        )));
    }
    let by_hash = crate::core::listing::sorted_indices(tokens.len(), &mut |a, b| {
        tokens[a].hash.cmp(&tokens[b].hash)
    });
    if let Some(pair) = by_hash
        .windows(2)
        .find(|p| tokens[p[0]].hash == tokens[p[1]].hash)
    {
        return Err(DocumentError::WrongShape(format!(
            "the key {} is stored twice",
            tokens[pair[1]].id
        )));
    }
    Ok(())
}

/// Writes a token document in the current version.
pub fn encode_tokens(document: &TokensDocument) -> String {
    to_json(document)
}

/// Reads a column settings document.
pub fn decode_columns(raw: &str) -> Result<ColumnsDocument, DocumentError> {
    let top = TopLevel::read(raw, &["version", "hidden", "filter", "sort"], false)?;
    let version = top.version_in(1, COLUMNS_VERSION)?;
    let hidden: Vec<Column> = top.decode("hidden")?;
    let columns = ColumnVisibility::with_hidden(hidden);
    if columns.visible().next().is_none() {
        return Err(DocumentError::WrongShape("it hides every column".into()));
    }
    let view = if version == 1 {
        ListView::default()
    } else {
        let filter: StatusFilter = top.decode("filter")?;
        let sort: Sort = top.decode("sort")?;
        if !Sort::is_sortable(sort.column) {
            return Err(DocumentError::WrongShape(format!(
                "it sorts by the {} column, which cannot be sorted",
                sort.column.label()
            )));
        }
        ListView { filter, sort }
    };
    Ok(ColumnsDocument {
        columns,
        view,
        unknown: top.unknown,
    })
}

/// Writes a column settings document.
pub fn encode_columns(document: &ColumnsDocument) -> String {
    to_json(document)
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
    // Serialising these documents (strings, numbers, RFC 3339 dates, UUIDs, JSON text kept as
    // read) cannot fail; an empty string would be refused by the decoder rather than silently
    // accepted.
    serde_json::to_string(document).unwrap_or_default()
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod tests {
    use super::*;
    use crate::core::state::tests::record;
    use crate::core::token::Timestamp;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Timestamp {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .unwrap()
            .fixed_offset()
    }

    /// The text of a current document holding `tokens` and nothing else.
    pub(crate) fn text_of(tokens: &[Rc<TokenRecord>]) -> String {
        encode_tokens(&TokensDocument {
            tokens: tokens.to_vec(),
            ..TokensDocument::default()
        })
    }

    fn sample_tokens() -> Vec<Rc<TokenRecord>> {
        let mut revoked = record("old", 2);
        revoked.revoked_at = Some(at(2026, 1, 2, 3, 4, 5));
        revoked.last_used_at = Some(at(2026, 1, 1, 0, 0, 0));
        let mut expiring = record("ci", 3);
        expiring.expires_at = Some(at(2027, 1, 1, 0, 0, 0));
        vec![
            Rc::new(record("🔑 prod", 1)),
            Rc::new(revoked),
            Rc::new(expiring),
        ]
    }

    /// A version 1 document exactly as version 1 of Keyward wrote it.
    pub(crate) fn v1_text(tokens: &[Rc<TokenRecord>]) -> String {
        let records: Vec<String> = tokens
            .iter()
            .map(|t| {
                let date = |d: Option<Timestamp>| {
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
        let raw = text_of(&tokens);
        assert!(raw.starts_with(r#"{"version":2,"writers":{},"tokens":["#));
        assert!(raw.contains(r#""expires_at":null"#));
        // Unset, they are left out; set, they are written.
        assert_eq!(raw.matches(r#""last_used_at":"#).count(), 1);
        assert_eq!(raw.matches(r#""revoked_at":"#).count(), 1);
        assert!(!raw.contains(r#""last_used_at":null"#));
        assert!(!raw.contains(r#""revoked_at":null"#));
        let decoded = decode_tokens(&raw).unwrap();
        assert_eq!(decoded.tokens, tokens);
        assert_eq!(decoded.stored_version, TOKENS_VERSION);
        assert!(!decoded.was_migrated());
    }

    #[test]
    fn old_secrets_round_trip_are_left_out_when_none_and_must_be_hashes() {
        let mut rotated = record("rotated", 4);
        rotated.old_secrets = vec![
            crate::core::token::OldSecret {
                hash: record("a", 5).hash,
                until: at(2026, 12, 1, 0, 0, 0),
            },
            crate::core::token::OldSecret {
                hash: record("b", 6).hash,
                until: at(2026, 12, 8, 0, 0, 0),
            },
        ];
        let tokens = vec![Rc::new(rotated), Rc::new(record("plain", 7))];
        let raw = text_of(&tokens);
        assert_eq!(raw.matches(r#""old_secrets":[{"hash":""#).count(), 1);
        assert!(raw.contains(r#","until":"2026-12-08T00:00:00Z"}]"#));
        assert_eq!(decode_tokens(&raw).unwrap().tokens, tokens);

        let bad_hash = raw.replacen(&tokens[0].old_secrets[0].hash, "not-a-hash", 1);
        assert!(decode_tokens(&bad_hash)
            .unwrap_err()
            .to_string()
            .contains("an old secret of the key"));
        let extra = raw.replacen(r#","until":"#, r#","note":1,"until":"#, 1);
        assert!(matches!(
            decode_tokens(&extra),
            Err(DocumentError::WrongShape(_))
        ));
    }

    #[test]
    fn one_pass_reads_what_the_field_by_field_reader_reads() {
        let tokens = sample_tokens();
        let mut document = TokensDocument {
            tokens: tokens.clone(),
            ..TokensDocument::default()
        };
        document.writers.record("tab", 3);
        let current = encode_tokens(&document);
        let read = |raw: &str, records| {
            let top = TopLevel::read(raw, TOKENS_FIELDS, records).unwrap();
            let decoded_on_the_way = top.records.is_some();
            (decoded_on_the_way, decode_top_level(top))
        };
        for raw in [
            current.clone(),
            current.replacen(r#""tokens":"#, r#""note":{"a":[1, 2]},"tokens":"#, 1),
            format!(r#"{},"later":"x"}}"#, &current[..current.len() - 1]),
            v1_text(&tokens),
            text_of(&[]),
            r#"{"version":2,"tokens":[]}"#.to_owned(),
        ] {
            let (one_pass, document) = read(&raw, true);
            assert!(one_pass, "{raw}");
            assert_eq!(document, read(&raw, false).1, "{raw}");
            assert_eq!(decode_tokens(&raw), document);
        }
        // Not in the order Keyward writes: read by field, the same.
        let reordered = format!(
            r#"{{"tokens":{},"writers":{{"tab":3}},"version":2}}"#,
            serde_json::to_string(&tokens).unwrap()
        );
        assert!(!read(&reordered, true).0);
        assert_eq!(decode_tokens(&reordered), decode_tokens(&current));
        // A duplicate is refused however it is read.
        let twice = r#"{"version":2,"tokens":[],"tokens":[]}"#;
        assert!(TopLevel::read(twice, TOKENS_FIELDS, true).is_err());
        assert!(decode_tokens(twice).is_err());
    }

    #[test]
    fn an_empty_document_round_trips() {
        assert_eq!(decode_tokens(&text_of(&[])).unwrap().tokens, vec![]);
    }

    #[test]
    fn every_older_version_migrates_to_the_newest() {
        // One case per version ever written; extend when TOKENS_VERSION grows.
        let mut tokens = sample_tokens();
        for token in &mut tokens {
            Rc::make_mut(token).expires_at = None;
        }
        let texts = [(1, v1_text(&tokens)), (2, text_of(&tokens))];
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
            let again = decode_tokens(&encode_tokens(&decoded)).unwrap();
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
            ("[]", "expected a Keyward document"),
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
        let raw = text_of(std::slice::from_ref(token)).replace(
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
        let err = decode_tokens(&text_of(&[tokens[0].clone(), Rc::new(twin)])).unwrap_err();
        assert!(err.to_string().contains("same id"), "{err}");

        let mut same_key = (*tokens[1]).clone();
        same_key.hash = tokens[0].hash.clone();
        let err = decode_tokens(&text_of(&[tokens[0].clone(), Rc::new(same_key)])).unwrap_err();
        assert!(err.to_string().contains("stored twice"), "{err}");

        let mut unhashed = (*tokens[0]).clone();
        unhashed.hash = "kw_plaintextkey".into();
        let err = decode_tokens(&text_of(&[Rc::new(unhashed)])).unwrap_err();
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
        let good = text_of(&tokens);
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
        let twins = text_of(&[tokens[0].clone(), Rc::new(twin)]);
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
        let document = ColumnsDocument {
            columns,
            ..ColumnsDocument::default()
        };
        let raw = encode_columns(&document);
        assert_eq!(
            raw,
            r#"{"version":2,"hidden":["key","last_used"],"filter":"all","sort":{"column":"created","direction":"descending"}}"#
        );
        assert_eq!(decode_columns(&raw).unwrap(), document);
        let chosen = ColumnsDocument {
            view: ListView {
                filter: StatusFilter::ExpiringSoon,
                sort: Sort {
                    column: Column::Expires,
                    direction: crate::core::view::SortDirection::Ascending,
                },
            },
            ..document
        };
        assert_eq!(decode_columns(&encode_columns(&chosen)).unwrap(), chosen);
        assert_eq!(
            decode_columns(&encode_columns(&ColumnsDocument::default())).unwrap(),
            ColumnsDocument::default()
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
        let all = r#"{"version":1,"hidden":["name","key","created","last_used","expires","status","actions"]}"#;
        assert!(decode_columns(all)
            .unwrap_err()
            .to_string()
            .contains("hides every column"));
        let unsortable = r#"{"version":2,"hidden":[],"filter":"all","sort":{"column":"key","direction":"ascending"}}"#;
        assert!(decode_columns(unsortable)
            .unwrap_err()
            .to_string()
            .contains("sorts by the Key column"));
        for broken in [
            r#"{"version":2,"hidden":[]}"#,
            r#"{"version":2,"hidden":[],"filter":"some","sort":{"column":"name","direction":"ascending"}}"#,
            r#"{"version":2,"hidden":[],"filter":"all","sort":{"column":"name","direction":"up"}}"#,
        ] {
            assert!(
                matches!(decode_columns(broken), Err(DocumentError::WrongShape(_))),
                "{broken}"
            );
        }
    }

    #[test]
    fn version_1_column_settings_read_as_all_keys_newest_first_and_keep_new_columns_shown() {
        // Written before Expires and Status existed: both start out shown.
        let old = r#"{"version":1,"hidden":["created"],"theme":"dark"}"#;
        let document = decode_columns(old).unwrap();
        assert_eq!(document.view, ListView::default());
        assert!(!document.columns.is_visible(Column::Created));
        assert!(document.columns.is_visible(Column::Expires));
        assert!(document.columns.is_visible(Column::Status));
        let rewritten = encode_columns(&document);
        assert!(rewritten.starts_with(r#"{"version":2,"hidden":["created"],"filter":"all""#));
        assert!(rewritten.ends_with(r#","theme":"dark"}"#));
    }
}
