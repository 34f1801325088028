//! The token record: everything Keyward keeps about a key, which is never the key itself.

use chrono::{DateTime, FixedOffset, Utc};
use uuid::Uuid;

use super::document::UnknownFields;
use super::key::{mint_key, RandomError, RandomSource, SecretKey};
use super::name::TokenName;

/// An instant as stored: with the UTC offset it was written in, so that a date another tool
/// wrote (say `9999-12-31T23:59:59-23:59`) is written back exactly as it was read, never as a
/// UTC form outside the years RFC 3339 can express. Comparisons are by instant.
pub type Timestamp = DateTime<FixedOffset>;

/// What is stored about one key: a hash to verify it by, a masked form to recognise it by,
/// and metadata. The full key is never part of a record. Its stored form is in
/// [`super::document`].
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub created_at: Timestamp,
    /// When the key was last used, if ever.
    pub last_used_at: Option<Timestamp>,
    /// When the key was revoked; a revoked key never becomes active again.
    pub revoked_at: Option<Timestamp>,
    /// When the key stops working, if it ever does (`None`: never expires).
    pub expires_at: Option<Timestamp>,
    /// Secrets this key had before it was regenerated, each accepted until the end of its grace
    /// period (and never while the key is revoked). Dropped at the first save after that end.
    pub old_secrets: Vec<OldSecret>,
    /// Fields of the stored record this version of Keyward does not know (written by a newer
    /// Keyward or another tool), kept so that saving never drops them.
    pub unknown: UnknownFields,
}

/// A secret a key had before it was regenerated: its hash, and until when it is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldSecret {
    /// SHA-256 of the old key, lowercase hex.
    pub hash: String,
    /// The end of its grace period.
    pub until: Timestamp,
}

impl TokenRecord {
    /// Whether the key is still usable (not revoked).
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }

    /// Drops the old secrets whose grace period has ended at `now`. Returns whether any was.
    pub fn drop_ended_old_secrets(&mut self, now: DateTime<Utc>) -> bool {
        let before = self.old_secrets.len();
        self.old_secrets.retain(|old| old.until > now);
        self.old_secrets.len() != before
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
        created_at: now.fixed_offset(),
        last_used_at: None,
        revoked_at: None,
        expires_at: None,
        old_secrets: Vec::new(),
        unknown: UnknownFields::default(),
    };
    Ok((record, key))
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
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
        let json = crate::core::document::encode_tokens(&crate::core::document::TokensDocument {
            tokens: vec![std::rc::Rc::new(record.clone())],
            ..Default::default()
        });
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
