//! Building blocks of the stored JSON objects: field names read without copying, fields
//! Keyward does not know (kept exactly as written), and timestamps.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, SecondsFormat};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::core::token::Timestamp;

/// A string read from the document: borrowed when it has no escapes, so the field names of
/// thousands of records cost no allocation.
pub(super) struct Text<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// The fields of a stored object that this version of Keyward does not know, in the order they
/// were written, each value kept as its exact JSON text. Writing the object back writes them
/// again, so a field added by a newer Keyward or another tool survives every save.
#[derive(Debug, Clone, Default)]
pub struct UnknownFields(Vec<(String, Box<RawValue>)>);

impl UnknownFields {
    /// The JSON text of the field `name`, if the object had one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.get())
    }

    /// Reads the value of the field `name` (whose key the map has just given) and keeps it.
    pub(super) fn read_next<'de, A: MapAccess<'de>>(
        &mut self,
        name: Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = map.next_value::<Box<RawValue>>()?;
        self.0.push((name.into_owned(), value));
        Ok(())
    }

    /// Writes every field into `map`, after the known ones.
    pub(super) fn write_into<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        Ok(())
    }
}

impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((a, x), (b, y))| a == b && x.get() == y.get())
    }
}

impl Eq for UnknownFields {}

/// Stores `value` in `slot`, refusing a field that appears twice in one object.
pub(super) fn set_once<T, E: de::Error>(
    slot: &mut Option<T>,
    value: T,
    field: &'static str,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(field));
    }
    *slot = Some(value);
    Ok(())
}

/// A stored timestamp: strict RFC 3339 text (`2026-11-24T21:05:00.123Z`), read with chrono's
/// RFC 3339 parser rather than its general one, which would add kilobytes to the download.
/// The offset it was written with is kept, so what was read is written back unchanged.
pub(super) struct StoredTime(pub Timestamp);

impl<'de> Deserialize<'de> for StoredTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Text(text) = Text::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text)
            .map(StoredTime)
            .map_err(|e| {
                de::Error::custom(format!(
                    "\u{201c}{text}\u{201d} is not a date and time ({e})"
                ))
            })
    }
}

/// Writes a timestamp the way [`StoredTime`] reads it.
pub(super) struct TimeRef<'a>(pub &'a Timestamp);

impl Serialize for TimeRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// An optional timestamp, written as `null` when absent.
pub(super) struct OptionalTimeRef<'a>(pub Option<&'a Timestamp>);

impl Serialize for OptionalTimeRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(at) => TimeRef(at).serialize(serializer),
            None => serializer.serialize_none(),
        }
    }
}
