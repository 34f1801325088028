//! What can still be read from a token document the decoder refused: enough to show the user
//! what is there, and to know which writes it included, never to save over it.

use std::rc::Rc;

use serde::de::DeserializeSeed;
use serde_json::value::RawValue;

use super::record::{OneRecord, Schema};
use super::writers::Writers;
use super::{decode_field, TopLevel, TOKENS_FIELDS};
use crate::core::token::TokenRecord;

/// The records that can still be read from `raw` one by one, in any known version. Of several
/// records with one id only the first is kept, since the view is keyed by id.
pub fn salvage_tokens(raw: &str) -> Vec<Rc<TokenRecord>> {
    let Ok(top) = TopLevel::read(raw, TOKENS_FIELDS, false) else {
        return Vec::new();
    };
    let Ok(loose) = top.decode::<Vec<&RawValue>>("tokens") else {
        return Vec::new();
    };
    let records: Vec<Rc<TokenRecord>> = loose
        .into_iter()
        .filter_map(|record| {
            let read = |schema| {
                OneRecord(schema).deserialize(&mut serde_json::Deserializer::from_str(record.get()))
            };
            read(Schema::V2)
                .or_else(|_| read(Schema::V1))
                .ok()
                .map(Rc::new)
        })
        .collect();
    // Keep the first record of each id, in document order, without a hash set.
    let by_id = crate::core::listing::sorted_indices(records.len(), &mut |a, b| {
        (records[a].id, a).cmp(&(records[b].id, b))
    });
    let mut keep = vec![true; records.len()];
    for pair in by_id.windows(2) {
        if records[pair[0]].id == records[pair[1]].id {
            keep[pair[1]] = false;
        }
    }
    records
        .into_iter()
        .zip(keep)
        .filter_map(|(record, keep)| keep.then_some(record))
        .collect()
}

/// The writers of `raw` if they can be read (empty otherwise), so that replacing an unreadable
/// document keeps track of the changes it included. A document cut short usually keeps its
/// beginning, where Keyward writes the writers (before the records): they are read from there
/// when the whole text is not JSON.
pub fn salvage_writers(raw: &str) -> Writers {
    let whole = TopLevel::read(raw, TOKENS_FIELDS, false)
        .ok()
        .and_then(|top| top.field("writers"))
        .and_then(|writers| decode_field("writers", writers).ok());
    if let Some(writers) = whole {
        return writers;
    }
    const FIELD: &str = "\"writers\":";
    raw.find(FIELD)
        .and_then(|at| {
            serde_json::Deserializer::from_str(&raw[at + FIELD.len()..])
                .into_iter::<Writers>()
                .next()
        })
        .and_then(Result::ok)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_are_read_from_a_document_cut_short() {
        let whole = r#"{"version":2,"writers":{"a":3,"b":1},"tokens":[{"id":"x","name":"n"}]}"#;
        let expected: Writers = serde_json::from_str(r#"{"a":3,"b":1}"#).unwrap();
        assert_eq!(salvage_writers(whole), expected);
        assert_eq!(salvage_writers(&whole[..whole.len() - 9]), expected);
        assert_eq!(
            salvage_writers(r#"{"version":2, "writers" : {"a":3,"b":1}}"#),
            expected
        );
        for nothing in [
            "",
            "{garbage",
            r#"{"version":2,"writers":{"a":3"#,
            r#"{"writers":[1]}"#,
        ] {
            assert_eq!(salvage_writers(nothing), Writers::default(), "{nothing}");
        }
    }
}
