//! Which writes a stored token document includes: a version vector over the tabs that wrote it.
//!
//! Each tab (each page load) has a random writer id and counts its own writes. Every write
//! starts from the document the tab read, keeps that document's vector and sets the tab's own
//! entry to its new count. So a document whose entry for a tab is at least `n` was built on
//! top of that tab's `n`-th write: whoever wrote it had seen that change. See
//! [`crate::core::session`] for how a tab uses this to tell a change another tab overwrote
//! without seeing it from one that was undone on purpose.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::fields::Text;
use super::TOKENS_VERSION;

/// How many writers a document remembers. A tab's entry is only consulted while its recent
/// changes are watched (seconds); 32 other tabs writing in that time is beyond any real use.
pub const MAX_WRITERS: usize = 32;

/// For each recent writer, how many of its writes the document includes; most recent first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Writers(Vec<(String, u64)>);

impl Writers {
    /// How many of `writer`'s writes the document includes (0 when it never wrote, or so long
    /// ago that it was forgotten).
    pub fn count_of(&self, writer: &str) -> u64 {
        self.0
            .iter()
            .find(|(id, _)| id == writer)
            .map_or(0, |(_, count)| *count)
    }

    /// Notes that the document now includes `writer`'s write number `count`.
    pub fn record(&mut self, writer: &str, count: u64) {
        self.0.retain(|(id, _)| id != writer);
        self.0.insert(0, (writer.to_owned(), count));
        self.0.truncate(MAX_WRITERS);
    }
}

impl Serialize for Writers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, count) in &self.0 {
            map.serialize_entry(id, count)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Writers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WritersVisitor;
        impl<'de> Visitor<'de> for WritersVisitor {
            type Value = Writers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of writer ids and write counts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Writers, A::Error> {
                let mut writers = Vec::new();
                while let Some(Text(id)) = map.next_key::<Text>()? {
                    if writers.iter().any(|(known, _)| *known == id) {
                        return Err(de::Error::custom(format!("the writer {id} appears twice")));
                    }
                    let count: u64 = map.next_value()?;
                    writers.push((id.into_owned(), count));
                }
                Ok(Writers(writers))
            }
        }
        deserializer.deserialize_map(WritersVisitor)
    }
}

impl Writers {
    /// The text a token document with these writers starts with as this build writes it, up to
    /// the end of its most recent writer entry (`{"version":2,"writers":{"<id>":<count>`);
    /// `None` when there are no writers.
    ///
    /// Each write puts its writer's entry first with a count that writer never used before, so
    /// the entry names one write: a stored text that starts this way (followed by `,` or `}`)
    /// and is as long as the one a tab last read or wrote is that text, found by looking only at
    /// its first bytes.
    pub fn written_start(&self) -> Option<String> {
        // Writer ids need no escaping in JSON; one that did would never be found as written.
        // Every Keyward that writes this version starts with the version, then the writers.
        let (id, count) = self.0.first()?;
        Some(format!(
            "{{\"version\":{TOKENS_VERSION},\"writers\":{{\"{id}\":{count}"
        ))
    }
}

/// Whether the stored text `raw` starts with `start` (see [`Writers::written_start`]), the
/// writer entry there ending where `start` does.
pub fn starts_with_entry(raw: &str, start: &str) -> bool {
    raw.strip_prefix(start)
        .is_some_and(|rest| rest.starts_with([',', '}']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_writer_entry_is_found_at_the_start_of_the_text_keyward_writes() {
        let mut writers = Writers::default();
        assert_eq!(writers.written_start(), None);
        writers.record("older", 7);
        writers.record("a1b2c3", 12);
        let start = writers.written_start().unwrap();
        let document = crate::core::document::TokensDocument {
            writers,
            ..Default::default()
        };
        let raw = crate::core::document::encode_tokens(&document);
        assert!(raw.starts_with(&start), "{raw}");
        assert!(starts_with_entry(&raw, &start));
        assert!(starts_with_entry(
            r#"{"version":2,"writers":{"a1b2c3":12},"tokens":[]}"#,
            &start
        ));
        for other in [
            // Written by an older build, edited by hand, another write, not this version.
            r#"{"version":2,"tokens":[],"writers":{"a1b2c3":12}}"#,
            r#"{"version":2,"writers":{},"tokens":[]}"#,
            r#"{"version": 2, "writers": {"a1b2c3": 12}, "tokens": []}"#,
            r#"{"writers":{"a1b2c3":12},"version":2,"tokens":[]}"#,
            r#"{"version":1,"writers":{"a1b2c3":12},"tokens":[]}"#,
            r#"{"version":2,"writers":{"a1b2c3":123},"tokens":[]}"#,
            r#"{"version":2,"writers":{"a1b2c3":12.5},"tokens":[]}"#,
            r#"{"version":2,"writers":{"x":1,"a1b2c3":12},"tokens":[]}"#,
            r#"{"version":2,"writers":{"a1b2c3":1"#,
            "",
        ] {
            assert!(!starts_with_entry(other, &start), "{other}");
        }
        // An id that JSON escapes is never found, so its document is always decoded.
        let mut quoted = Writers::default();
        quoted.record("a\"b", 1);
        let start = quoted.written_start().unwrap();
        let document = crate::core::document::TokensDocument {
            writers: quoted,
            ..Default::default()
        };
        let raw = crate::core::document::encode_tokens(&document);
        assert!(!starts_with_entry(&raw, &start), "{raw}");
    }

    #[test]
    fn recording_moves_the_writer_first_and_keeps_its_latest_count() {
        let mut writers = Writers::default();
        writers.record("a", 1);
        writers.record("b", 4);
        writers.record("a", 2);
        assert_eq!(writers.count_of("a"), 2);
        assert_eq!(writers.count_of("b"), 4);
        assert_eq!(writers.count_of("never"), 0);
        assert_eq!(serde_json::to_string(&writers).unwrap(), r#"{"a":2,"b":4}"#);
    }

    #[test]
    fn only_the_most_recent_writers_are_remembered() {
        let mut writers = Writers::default();
        for n in 0..=MAX_WRITERS as u64 {
            writers.record(&format!("tab{n}"), n + 1);
        }
        assert_eq!(writers.0.len(), MAX_WRITERS);
        assert_eq!(writers.count_of("tab0"), 0);
        assert_eq!(
            writers.count_of(&format!("tab{MAX_WRITERS}")),
            MAX_WRITERS as u64 + 1
        );
    }

    #[test]
    fn reads_back_in_order_and_refuses_what_it_cannot_trust() {
        let writers: Writers = serde_json::from_str(r#"{"x":3,"y":1}"#).unwrap();
        assert_eq!(writers.0, [("x".to_owned(), 3), ("y".to_owned(), 1)]);
        for bad in [
            r#"{"x":1,"x":2}"#,
            r#"{"x":-1}"#,
            r#"{"x":1.5}"#,
            r#"["x"]"#,
        ] {
            assert!(serde_json::from_str::<Writers>(bad).is_err(), "{bad}");
        }
    }
}
