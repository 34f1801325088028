//! Verifying a pasted key offline: its form and checksum first, then its SHA-256 against the
//! stored records, giving one verdict the user can read.

use chrono::{DateTime, Utc};

use super::key::{parse_key, KeyFormatError};
use super::state::Action;
use super::token::TokenRecord;

/// What a pasted key verifies as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// One of these keys, and it works.
    Valid(&'a TokenRecord),
    /// The secret one of these keys had before it was regenerated, still accepted until the
    /// given instant (the end of its grace period).
    ValidOldSecret(&'a TokenRecord, DateTime<Utc>),
    /// One of these keys, expired since the given instant.
    Expired(&'a TokenRecord, DateTime<Utc>),
    /// One of these keys, revoked at the given instant.
    Revoked(&'a TokenRecord, DateTime<Utc>),
    /// Well formed, with a correct checksum, but none of these keys.
    Unknown,
    /// Not a Keyward key: what is wrong with it.
    Malformed(KeyFormatError),
}

impl Verdict<'_> {
    /// The verdict's word.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Valid(_) => "Valid",
            Self::ValidOldSecret(..) => "Valid (old secret)",
            Self::Expired(..) => "Expired",
            Self::Revoked(..) => "Revoked",
            Self::Unknown => "Unknown",
            Self::Malformed(_) => "Malformed",
        }
    }

    /// A plain sentence saying what the verdict means, with instants written by `date`.
    pub fn sentence(&self, date: &dyn Fn(DateTime<Utc>) -> String) -> String {
        match self {
            Self::Valid(record) => format!(
                "This is the key \u{201c}{}\u{201d}, and it works.",
                record.name
            ),
            Self::ValidOldSecret(record, until) => format!(
                "This is the old secret of the key \u{201c}{}\u{201d}, which has a new one; it \
                 works until {}.",
                record.name,
                date(*until)
            ),
            Self::Expired(record, since) => format!(
                "This is the key \u{201c}{}\u{201d}, expired since {}.",
                record.name,
                date(*since)
            ),
            Self::Revoked(record, at) => format!(
                "This is the key \u{201c}{}\u{201d}, revoked on {}.",
                record.name,
                date(*at)
            ),
            Self::Unknown => {
                "It is a well-formed Keyward key, but not one of the keys here.".to_owned()
            }
            Self::Malformed(error) => error.to_string(),
        }
    }

    /// What the verdict changes in the store, verified at `at`: a valid key counts as used
    /// then. Nothing else changes a key's last use (an old secret is not the key in use).
    pub fn use_recorded(&self, at: DateTime<Utc>) -> Option<Action> {
        match self {
            Self::Valid(record) => Some(Action::MarkUsed { id: record.id, at }),
            _ => None,
        }
    }
}

/// Verifies `candidate` offline: its shape and checksum first, without looking anything up,
/// then its SHA-256 against `records`' secrets, and their old secrets within their grace
/// periods. A revoked or expired key's old secrets are refused with it; an old secret whose
/// grace period has ended is as unknown as once it is dropped. The candidate is never kept:
/// its parsed copy wipes itself when this returns.
pub fn verify<'a>(
    candidate: &str,
    records: impl IntoIterator<Item = &'a TokenRecord>,
    now: DateTime<Utc>,
) -> Verdict<'a> {
    let key = match parse_key(candidate) {
        Ok(key) => key,
        Err(error) => return Verdict::Malformed(error),
    };
    let hash = key.hash();
    let mut old_secret_of = None;
    for record in records {
        if record.hash == hash {
            return judge(record, None, now);
        }
        if let Some(old) = record.old_secrets.iter().find(|old| old.hash == hash) {
            old_secret_of = Some((record, old.until.to_utc()));
        }
    }
    match old_secret_of {
        Some((record, until)) if until > now => judge(record, Some(until), now),
        _ => Verdict::Unknown,
    }
}

/// The verdict on `record`'s secret, or on its old secret accepted `until`.
fn judge(
    record: &TokenRecord,
    old_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Verdict<'_> {
    if let Some(revoked) = record.revoked_at {
        return Verdict::Revoked(record, revoked.to_utc());
    }
    match (record.expires_at, old_until) {
        (Some(expires), _) if expires <= now => Verdict::Expired(record, expires.to_utc()),
        (_, Some(until)) => Verdict::ValidOldSecret(record, until),
        _ => Verdict::Valid(record),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::key::tests::SeededRandom;
    use crate::core::name::TokenName;
    use crate::core::token::mint_token;
    use crate::core::unicode::NativeUnicode;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.to_utc())
            .unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn mint(random: &mut SeededRandom, name: &str) -> (TokenRecord, String) {
        let name = TokenName::parse(name, &NativeUnicode).unwrap_or_else(|e| panic!("{e}"));
        let (record, key) =
            mint_token(name, random, utc("2026-11-01T00:00:00Z")).unwrap_or_else(|e| panic!("{e}"));
        (record, key.expose().to_owned())
    }

    #[test]
    fn each_verdict_of_verification() {
        let mut random = SeededRandom(99);
        let (working, working_key) = mint(&mut random, "working");
        let (mut expired, expired_key) = mint(&mut random, "expired");
        expired.expires_at = Some(utc("2026-11-10T00:00:00Z").fixed_offset());
        let (mut revoked, revoked_key) = mint(&mut random, "revoked");
        revoked.revoked_at = Some(utc("2026-11-05T00:00:00Z").fixed_offset());
        let (_, stranger_key) = mint(&mut random, "elsewhere");
        let records = [working, expired, revoked];
        let now = utc("2026-11-20T00:00:00Z");
        let day = |at: DateTime<Utc>| at.format("%Y-%m-%d").to_string();

        let (working, expired) = (records[0].id, records[1].id);
        let mark = |id, at| Some(Action::MarkUsed { id, at });
        let moment_before = utc("2026-11-09T23:59:59Z");
        // The pasted text, when it is verified, the verdict, its sentence, and what it records.
        let cases = [
            (
                working_key.clone(),
                now,
                Verdict::Valid(&records[0]),
                "This is the key \u{201c}working\u{201d}, and it works.",
                mark(working, now),
            ),
            // Whitespace around a pasted key does not matter.
            (
                format!("  {working_key}\n"),
                now,
                Verdict::Valid(&records[0]),
                "This is the key \u{201c}working\u{201d}, and it works.",
                mark(working, now),
            ),
            (
                expired_key.clone(),
                now,
                Verdict::Expired(&records[1], utc("2026-11-10T00:00:00Z")),
                "This is the key \u{201c}expired\u{201d}, expired since 2026-11-10.",
                None,
            ),
            // Not yet expired a moment before.
            (
                expired_key,
                moment_before,
                Verdict::Valid(&records[1]),
                "This is the key \u{201c}expired\u{201d}, and it works.",
                mark(expired, moment_before),
            ),
            (
                revoked_key,
                now,
                Verdict::Revoked(&records[2], utc("2026-11-05T00:00:00Z")),
                "This is the key \u{201c}revoked\u{201d}, revoked on 2026-11-05.",
                None,
            ),
            (
                stranger_key,
                now,
                Verdict::Unknown,
                "It is a well-formed Keyward key, but not one of the keys here.",
                None,
            ),
        ];
        for (candidate, at, expected, sentence, recorded) in cases {
            let verdict = verify(&candidate, &records, at);
            assert_eq!(verdict, expected, "{candidate}");
            assert_eq!(verdict.sentence(&day), sentence);
            assert_eq!(verdict.use_recorded(at), recorded, "{candidate}");
        }
    }

    #[test]
    fn an_old_secret_is_valid_only_in_its_grace_period_and_only_while_its_key_works() {
        let mut random = SeededRandom(7);
        let (mut key, old_key) = mint(&mut random, "rotated");
        let (fresh, new_key) = mint(&mut random, "fresh");
        let until = utc("2026-11-21T00:00:00Z");
        key.old_secrets.push(crate::core::token::OldSecret {
            hash: key.hash.clone(),
            until: until.fixed_offset(),
        });
        key.hash = fresh.hash.clone();
        let records = [key];
        let before = utc("2026-11-20T23:59:59Z");
        let day = |at: DateTime<Utc>| at.format("%Y-%m-%d").to_string();

        let verdict = verify(&old_key, &records, before);
        assert_eq!(verdict, Verdict::ValidOldSecret(&records[0], until));
        assert_eq!(verdict.label(), "Valid (old secret)");
        assert_eq!(
            verdict.sentence(&day),
            "This is the old secret of the key \u{201c}rotated\u{201d}, which has a new one; \
             it works until 2026-11-21."
        );
        assert_eq!(
            verdict.use_recorded(before),
            None,
            "an old secret is not a use"
        );
        assert_eq!(
            verify(&new_key, &records, before),
            Verdict::Valid(&records[0])
        );
        // At its end it is as unknown as once it is dropped.
        assert_eq!(verify(&old_key, &records, until), Verdict::Unknown);

        // A revoked or expired key takes its old secrets with it.
        let mut revoked = records[0].clone();
        revoked.revoked_at = Some(utc("2026-11-20T12:00:00Z").fixed_offset());
        let revoked = [revoked];
        assert_eq!(verify(&old_key, &revoked, before).label(), "Revoked");
        let mut expired = records[0].clone();
        expired.expires_at = Some(utc("2026-11-20T12:00:00Z").fixed_offset());
        let expired = [expired];
        assert_eq!(verify(&old_key, &expired, before).label(), "Expired");
    }

    #[test]
    fn malformed_keys_say_what_is_wrong() {
        let (record, key) = mint(&mut SeededRandom(5), "k");
        let records = [record];
        let now = utc("2026-11-02T00:00:00Z");
        let malformed = |text: &str| match verify(text, &records, now) {
            Verdict::Malformed(error) => error,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(
            malformed(&key.replacen("kw_", "sk_", 1)),
            KeyFormatError::WrongPrefix
        );
        assert_eq!(
            malformed(&key[..key.len() - 1]),
            KeyFormatError::WrongLength { found: 38 }
        );
        let mut bad = key.clone();
        bad.replace_range(10..11, "-");
        assert_eq!(
            malformed(&bad),
            KeyFormatError::InvalidCharacter {
                character: '-',
                position: 11
            }
        );
        // One character changed: the checksum catches the typo.
        let mut typo = key.clone();
        let swapped = if &key[12..13] == "a" { "b" } else { "a" };
        typo.replace_range(12..13, swapped);
        assert_eq!(malformed(&typo), KeyFormatError::ChecksumMismatch);
        assert_eq!(malformed(""), KeyFormatError::Empty);
        assert_eq!(verify(&bad, &records, now).use_recorded(now), None);
        // The sentence shows the character, or its code point when it would not be seen.
        assert_eq!(
            malformed(&bad).to_string(),
            "Character 11 (\u{201c}-\u{201d}) cannot appear in a Keyward key."
        );
        let mut spaced = key.clone();
        spaced.replace_range(10..11, " ");
        assert_eq!(
            malformed(&spaced).to_string(),
            "Character 11 (U+0020) cannot appear in a Keyward key."
        );
    }
}
