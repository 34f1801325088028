//! The stored form of one [`TokenRecord`], in every version of the token document.
//!
//! - Version 1: `id`, `name`, `hash`, `display`, `created_at`, and optionally `last_used_at`
//!   and `revoked_at` (an `expires_at` written by another tool is honoured).
//! - Version 2: adds `expires_at`, required (`null`: never expires), so that a version 1 record
//!   is never taken for a current one.
//!
//! Since this build, a version 2 record may also hold `old_secrets`: `[{"hash", "until"}]`, the
//! hashes of secrets the key had before it was regenerated and the end of each one's grace
//! period. Left out when empty; an older Keyward keeps it as an unknown field.
//!
//! In both, `last_used_at` and `revoked_at` may be left out, meaning `null`: every Keyward that
//! ever read either version reads a missing one as `null`. Keyward writes them only when set,
//! which keeps a record about 38 characters (15%) shorter, and localStorage holds 20,000 keys.
//!
//! Any other field is kept as written ([`UnknownFields`]) and written back after the known ones.

use std::fmt;
use std::rc::Rc;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::fields::{set_once, OptionalTimeRef, StoredTime, Text, TimeRef, UnknownFields};
use crate::core::token::{OldSecret, Timestamp, TokenRecord};

/// The layout of a record in one version of the token document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Schema {
    /// Version 1: no `expires_at` yet (keys made then never expire).
    V1,
    /// Version 2, the current one: `expires_at` is required.
    V2,
}

impl Schema {
    /// The layout of records in a token document of `version` (one this build reads).
    pub(super) fn of(version: u64) -> Self {
        if version == 1 {
            Self::V1
        } else {
            Self::V2
        }
    }
}

/// The records of a token document in one layout, read straight into shared records: the list
/// is already the keyring's list of records, with no second copy of every record on the way.
pub(super) struct RecordList(pub Schema);

impl<'de> DeserializeSeed<'de> for RecordList {
    type Value = Vec<Rc<TokenRecord>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RecordList {
    type Value = Vec<Rc<TokenRecord>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of key records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut records = Vec::new();
        while let Some(record) = seq.next_element_seed(OneRecord(self.0))? {
            records.push(Rc::new(record));
        }
        Ok(records)
    }
}

/// One record in the layout given.
pub(super) struct OneRecord(pub Schema);

impl<'de> DeserializeSeed<'de> for OneRecord {
    type Value = TokenRecord;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TokenRecord, D::Error> {
        deserializer.deserialize_map(RecordVisitor(self.0))
    }
}

/// Reads a record's fields in one pass, in whatever order they come.
struct RecordVisitor(Schema);

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = TokenRecord;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key record (an object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TokenRecord, A::Error> {
        let mut id = None;
        let mut name = None;
        let mut hash = None;
        let mut display = None;
        let mut created_at = None;
        let mut last_used_at = None;
        let mut revoked_at = None;
        let mut expires_at = None;
        let mut old_secrets = None;
        let mut unknown = UnknownFields::default();
        while let Some(Text(field)) = map.next_key::<Text>()? {
            match field.as_ref() {
                "id" => set_once(&mut id, map.next_value()?, "id")?,
                "name" => set_once(&mut name, map.next_value()?, "name")?,
                "hash" => set_once(&mut hash, map.next_value()?, "hash")?,
                "display" => set_once(&mut display, map.next_value()?, "display")?,
                "created_at" => {
                    let StoredTime(at) = map.next_value()?;
                    set_once(&mut created_at, at, "created_at")?
                }
                "last_used_at" => {
                    set_once(&mut last_used_at, optional_time(&mut map)?, "last_used_at")?
                }
                "revoked_at" => set_once(&mut revoked_at, optional_time(&mut map)?, "revoked_at")?,
                "expires_at" => set_once(&mut expires_at, optional_time(&mut map)?, "expires_at")?,
                "old_secrets" => {
                    let stored: Vec<StoredOldSecret> = map.next_value()?;
                    let old = stored
                        .into_iter()
                        .map(|StoredOldSecret { hash, until }| OldSecret {
                            hash,
                            until: until.0,
                        })
                        .collect();
                    set_once(&mut old_secrets, old, "old_secrets")?
                }
                _ => unknown.read_next(field, &mut map)?,
            }
        }
        // Version 1 knew no expiry (such keys never expire); version 2 always says.
        let expires_at = match (self.0, expires_at) {
            (Schema::V2, None) => return Err(de::Error::missing_field("expires_at")),
            (_, expires_at) => expires_at.flatten(),
        };
        Ok(TokenRecord {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            name: name.ok_or_else(|| de::Error::missing_field("name"))?,
            hash: hash.ok_or_else(|| de::Error::missing_field("hash"))?,
            display: display.ok_or_else(|| de::Error::missing_field("display"))?,
            created_at: created_at.ok_or_else(|| de::Error::missing_field("created_at"))?,
            last_used_at: last_used_at.flatten(),
            revoked_at: revoked_at.flatten(),
            expires_at,
            old_secrets: old_secrets.unwrap_or_default(),
            unknown,
        })
    }
}

/// An old secret as stored: `{"hash": "<hex>", "until": "<RFC 3339>"}`. A field this version
/// does not know is refused rather than dropped.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredOldSecret {
    hash: String,
    until: StoredTime,
}

/// The old secrets of a record, written in their stored form.
struct OldSecretsRef<'a>(&'a [OldSecret]);

impl Serialize for OldSecretsRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(OldSecretRef))
    }
}

/// One old secret, written as `{"hash": …, "until": …}`.
struct OldSecretRef<'a>(&'a OldSecret);

impl Serialize for OldSecretRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("hash", &self.0.hash)?;
        map.serialize_entry("until", &TimeRef(&self.0.until))?;
        map.end()
    }
}

/// Reads a timestamp that may be `null`.
fn optional_time<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Timestamp>, A::Error> {
    Ok(map
        .next_value::<Option<StoredTime>>()?
        .map(|StoredTime(at)| at))
}

impl Serialize for TokenRecord {
    /// Always the current layout: the known fields in a fixed order, then the unknown ones.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("hash", &self.hash)?;
        map.serialize_entry("display", &self.display)?;
        map.serialize_entry("created_at", &TimeRef(&self.created_at))?;
        // Left out when unset (read as `null`): most keys were never used nor revoked.
        if let Some(at) = &self.last_used_at {
            map.serialize_entry("last_used_at", &TimeRef(at))?;
        }
        if let Some(at) = &self.revoked_at {
            map.serialize_entry("revoked_at", &TimeRef(at))?;
        }
        map.serialize_entry("expires_at", &OptionalTimeRef(self.expires_at.as_ref()))?;
        // Left out when there are none: most keys were never regenerated with a grace period.
        if !self.old_secrets.is_empty() {
            map.serialize_entry("old_secrets", &OldSecretsRef(&self.old_secrets))?;
        }
        self.unknown.write_into(&mut map)?;
        map.end()
    }
}
