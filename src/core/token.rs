//! The token record: everything Keyward keeps about a key, which is never the key itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::key::{mint_key, RandomError, RandomSource, SecretKey};
use super::name::TokenName;

/// What is stored about one key: a hash to verify it by, a masked form to recognise it by,
/// and metadata. The full key is never part of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Random (version 4) identifier.
    pub id: Uuid,
    /// The name the user gave the key.
    pub name: String,
    /// SHA-256 of the full key, lowercase hex.
    pub hash: String,
    /// Masked display form, e.g. `kw_AbC1…9xYz`.
    pub display: String,
    /// When the key was created.
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    /// When the key was last used, if ever.
    #[serde(default, with = "rfc3339::option")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the key was revoked; a revoked key never becomes active again.
    #[serde(default, with = "rfc3339::option")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the key stops working, if it ever does (`None`: never expires). Required in the
    /// stored form from version 2 on, so a version 1 record is never taken for a current one.
    #[serde(with = "rfc3339::option")]
    pub expires_at: Option<DateTime<Utc>>,
}

impl TokenRecord {
    /// Whether the key is still usable (not revoked).
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// Timestamps as strict RFC 3339 text (`2026-11-24T21:05:00.123Z`), read with chrono's RFC 3339
/// parser rather than its general one, which would add kilobytes to the download.
pub(crate) mod rfc3339 {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|at| at.with_timezone(&Utc))
            .map_err(|e| {
                D::Error::custom(format!(
                    "\u{201c}{text}\u{201d} is not a date and time ({e})"
                ))
            })
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            at: &Option<DateTime<Utc>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match at {
                Some(at) => super::serialize(at, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            #[derive(Deserialize)]
            struct Wrapper(#[serde(with = "super")] DateTime<Utc>);
            Ok(Option::<Wrapper>::deserialize(deserializer)?.map(|Wrapper(at)| at))
        }
    }
}

/// Mints a new key named `name` and the record to store for it.
/// The returned [`SecretKey`] is the only copy of the key: show it once, then drop it.
pub fn mint_token(
    name: TokenName,
    random: &mut dyn RandomSource,
    now: DateTime<Utc>,
) -> Result<(TokenRecord, SecretKey), RandomError> {
    let mut id_bytes = [0u8; 16];
    random.fill(&mut id_bytes)?;
    let key = mint_key(random)?;
    let record = TokenRecord {
        id: uuid::Builder::from_random_bytes(id_bytes).into_uuid(),
        name: name.into_string(),
        hash: key.hash(),
        display: key.masked(),
        created_at: now,
        last_used_at: None,
        revoked_at: None,
        expires_at: None,
    };
    Ok((record, key))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::key::tests::SeededRandom;
    use crate::core::key::{hash_key, mask_key};
    use crate::core::unicode::NativeUnicode;

    #[test]
    fn minted_record_holds_hash_and_mask_but_not_the_key() {
        let now = Utc::now();
        let name = TokenName::parse("CI deploy", &NativeUnicode).unwrap();
        let (record, key) = mint_token(name, &mut SeededRandom(11), now).unwrap();
        assert_eq!(record.id.get_version_num(), 4);
        assert_eq!(record.name, "CI deploy");
        assert_eq!(record.hash, hash_key(key.expose()));
        assert_eq!(record.display, mask_key(key.expose()));
        assert_eq!(record.created_at, now);
        assert!(record.is_active());
        assert_eq!(record.last_used_at, None);
        let json = serde_json::to_string(&record).unwrap();
        assert!(!json.contains(key.expose()));
        assert!(!json.contains(&key.expose()[7..35]));
    }

    #[test]
    fn ids_and_keys_differ_between_mints() {
        let mut random = SeededRandom(12);
        let name = || TokenName::parse("x", &NativeUnicode).unwrap();
        let (a, key_a) = mint_token(name(), &mut random, Utc::now()).unwrap();
        let (b, key_b) = mint_token(name(), &mut random, Utc::now()).unwrap();
        assert_ne!(a.id, b.id);
        assert_ne!(key_a, key_b);
        assert_ne!(a.hash, b.hash);
    }
}
