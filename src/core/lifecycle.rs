//! A key's life after it is minted: when it expires, which status it has, when it is due for
//! rotation, and what a pasted key verifies as. Rules over instants only; the user's calendar
//! (for "in 30 days" and for a date picked in a date field) comes in through
//! [`LocalCalendar`], which the browser implements with its own time-zone rules.

use std::fmt;

use chrono::{DateTime, Days, Months, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use super::key::{parse_key, KeyFormatError};
use super::token::TokenRecord;

/// The user's local calendar: what the browser's `Date` knows about the time zone.
pub trait LocalCalendar {
    /// The local date and time at `instant`.
    fn local(&self, instant: DateTime<Utc>) -> NaiveDateTime;

    /// The instant at which local clocks show `local`. A time skipped by a daylight-saving
    /// change resolves to as long after the change as it was after the skipped hour's start,
    /// and a time that happens twice to its first occurrence (both as JavaScript's `Date`).
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc>;
}

/// The expiration choices offered when a key is created, in days.
pub const PRESET_DAYS: [u64; 4] = [7, 30, 60, 90];

/// How long a new key should work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiration {
    /// It never expires.
    Never,
    /// It expires this many calendar days from now, at the local time of day it was made.
    Days(u64),
    /// It works through this local date and expires when the next day begins.
    Through(NaiveDate),
}

impl Default for Expiration {
    /// Thirty days, as most key pages default to.
    fn default() -> Self {
        Self::Days(30)
    }
}

/// Why a picked expiration date cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpirationError {
    /// The date is today or earlier.
    NotInFuture,
    /// The date is more than a year ahead; `latest` is the last one allowed.
    TooFarAhead { latest: NaiveDate },
}

impl fmt::Display for ExpirationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInFuture => f.write_str("Choose a date after today."),
            Self::TooFarAhead { latest } => write!(
                f,
                "Choose a date at most one year ahead (until {}).",
                latest.format("%Y-%m-%d")
            ),
        }
    }
}

impl std::error::Error for ExpirationError {}

/// When a key made at `now` with `choice` expires (`None`: never).
///
/// "In N days" keeps the local time of day: across a daylight-saving change a key made at
/// 09:00 expires at 09:00, not at 08:00 or 10:00. A picked date must come after today and be
/// at most one year ahead (from 29 February, one year ahead is 28 February).
pub fn expiry(
    choice: Expiration,
    now: DateTime<Utc>,
    calendar: &dyn LocalCalendar,
) -> Result<Option<DateTime<Utc>>, ExpirationError> {
    let local_now = calendar.local(now);
    let today = local_now.date();
    match choice {
        Expiration::Never => Ok(None),
        Expiration::Days(days) => {
            let local = local_now
                .checked_add_days(Days::new(days))
                .unwrap_or(NaiveDateTime::MAX);
            Ok(Some(calendar.instant(local)))
        }
        Expiration::Through(date) => {
            let latest = today
                .checked_add_months(Months::new(12))
                .unwrap_or(NaiveDate::MAX);
            if date <= today {
                Err(ExpirationError::NotInFuture)
            } else if date > latest {
                Err(ExpirationError::TooFarAhead { latest })
            } else {
                let next_day = date.succ_opt().unwrap_or(NaiveDate::MAX);
                Ok(Some(
                    calendar.instant(next_day.and_time(chrono::NaiveTime::MIN)),
                ))
            }
        }
    }
}

/// How close to its expiry a key is said to be expiring soon.
pub const EXPIRING_SOON: TimeDelta = TimeDelta::days(7);

/// After how long a key should be replaced by a new one.
pub const ROTATE_AFTER: TimeDelta = TimeDelta::days(90);

/// Where a key stands, as the table's Status column says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Works, and will for more than a week (or forever).
    Active,
    /// Works, but expires within a week.
    ExpiringSoon,
    /// Its expiry has passed.
    Expired,
    /// It was revoked.
    Revoked,
}

impl Status {
    /// The word the table shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::ExpiringSoon => "Expiring soon",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
        }
    }
}

/// The status of `record` at `now`. A revoked key is revoked whatever its expiry; a key
/// expires at its expiry instant exactly, and is expiring soon from a week before it.
pub fn status(record: &TokenRecord, now: DateTime<Utc>) -> Status {
    if record.revoked_at.is_some() {
        return Status::Revoked;
    }
    match record.expires_at {
        Some(expires) if expires <= now => Status::Expired,
        Some(expires) if expires.signed_duration_since(now) <= EXPIRING_SOON => {
            Status::ExpiringSoon
        }
        _ => Status::Active,
    }
}

/// Why a key should be replaced soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotationReason {
    /// It expires within a week.
    ExpiresSoon,
    /// It was made more than 90 days ago.
    Old,
}

impl RotationReason {
    /// The accessible description of the "Rotate" hint.
    pub fn description(self) -> &'static str {
        match self {
            Self::ExpiresSoon => {
                "This key expires within 7 days: create a new one and move to it before then. \
                 Keep separate keys for development and production."
            }
            Self::Old => {
                "This key is more than 90 days old: keys should be replaced regularly. \
                 Keep separate keys for development and production."
            }
        }
    }
}

/// Whether `record` should be rotated, and why. Only keys that still work are: expiring
/// soon comes first, being old second.
pub fn rotation_hint(record: &TokenRecord, now: DateTime<Utc>) -> Option<RotationReason> {
    match status(record, now) {
        Status::ExpiringSoon => Some(RotationReason::ExpiresSoon),
        Status::Active if now.signed_duration_since(record.created_at) > ROTATE_AFTER => {
            Some(RotationReason::Old)
        }
        _ => None,
    }
}

/// What a pasted key verifies as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// One of these keys, and it works.
    Valid(&'a TokenRecord),
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
}

/// Verifies `candidate` offline: its shape and checksum first, without looking anything up,
/// then its SHA-256 against `records`. The candidate is never kept: its parsed copy wipes
/// itself when this returns.
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
    let Some(record) = records.into_iter().find(|record| record.hash == hash) else {
        return Verdict::Unknown;
    };
    if let Some(revoked) = record.revoked_at {
        return Verdict::Revoked(record, revoked.to_utc());
    }
    match record.expires_at {
        Some(expires) if expires <= now => Verdict::Expired(record, expires.to_utc()),
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
    use chrono::{Datelike, NaiveTime, TimeZone};

    /// A zone at UTC+1 in winter and UTC+2 in summer, changing at 01:00 UTC on the last
    /// Sundays of March and October, as central Europe does.
    struct CentralEurope;

    impl CentralEurope {
        fn offset(instant: DateTime<Utc>) -> TimeDelta {
            let year = instant.year();
            let last_sunday = |month: u32| {
                let mut day = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or_default();
                while day.weekday() != chrono::Weekday::Sun {
                    day = day.pred_opt().unwrap_or_default();
                }
                Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).unwrap_or_default())
            };
            if instant >= last_sunday(3) && instant < last_sunday(10) {
                TimeDelta::hours(2)
            } else {
                TimeDelta::hours(1)
            }
        }
    }

    impl LocalCalendar for CentralEurope {
        fn local(&self, instant: DateTime<Utc>) -> NaiveDateTime {
            instant.naive_utc() + Self::offset(instant)
        }

        fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
            // The earliest reading consistent with the offset in force then.
            for offset in [TimeDelta::hours(2), TimeDelta::hours(1)] {
                let candidate = Utc.from_utc_datetime(&(local - offset));
                if Self::offset(candidate) == offset {
                    return candidate;
                }
            }
            // Skipped by the spring change: read with the offset before it.
            Utc.from_utc_datetime(&(local - TimeDelta::hours(1)))
        }
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.to_utc())
            .unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"))
    }

    fn record(created: &str, expires: Option<&str>, revoked: Option<&str>) -> TokenRecord {
        let mut random = SeededRandom(7);
        let name = TokenName::parse("prod", &NativeUnicode).unwrap_or_else(|e| panic!("{e}"));
        let (mut record, _) =
            mint_token(name, &mut random, utc(created)).unwrap_or_else(|e| panic!("{e}"));
        record.expires_at = expires.map(|at| utc(at).fixed_offset());
        record.revoked_at = revoked.map(|at| utc(at).fixed_offset());
        record
    }

    #[test]
    fn presets_add_calendar_days_at_the_same_local_time_across_daylight_saving() {
        // 09:00 local on 20 March (UTC+1); 30 days later is 19 April, 09:00 at UTC+2.
        let made = utc("2026-03-20T08:00:00Z");
        let expires = expiry(Expiration::Days(30), made, &CentralEurope);
        assert_eq!(expires, Ok(Some(utc("2026-04-19T07:00:00Z"))));
        // And back in autumn: 09:00 at UTC+2 on 20 October, 09:00 at UTC+1 on 27 October.
        let made = utc("2026-10-20T07:00:00Z");
        let expires = expiry(Expiration::Days(7), made, &CentralEurope);
        assert_eq!(expires, Ok(Some(utc("2026-10-27T08:00:00Z"))));
    }

    #[test]
    fn presets_cross_month_ends_and_leap_days() {
        // 31 January + 30 days is 2 March in a common year, 1 March in a leap year.
        let expires = expiry(
            Expiration::Days(30),
            utc("2027-01-31T11:00:00Z"),
            &CentralEurope,
        );
        assert_eq!(expires, Ok(Some(utc("2027-03-02T11:00:00Z"))));
        let expires = expiry(
            Expiration::Days(30),
            utc("2028-01-31T11:00:00Z"),
            &CentralEurope,
        );
        assert_eq!(expires, Ok(Some(utc("2028-03-01T11:00:00Z"))));
        // 29 February + 90 days.
        let expires = expiry(
            Expiration::Days(90),
            utc("2028-02-29T11:00:00Z"),
            &CentralEurope,
        );
        assert_eq!(expires, Ok(Some(utc("2028-05-29T10:00:00Z"))));
        assert_eq!(
            expiry(
                Expiration::Never,
                utc("2028-02-29T11:00:00Z"),
                &CentralEurope
            ),
            Ok(None)
        );
    }

    #[test]
    fn a_time_skipped_by_the_spring_change_moves_past_it() {
        // Made at 02:30 local on 22 March; a week later 02:30 does not exist (clocks jump
        // from 02:00 to 03:00 on 29 March): the key expires at 03:30 summer time.
        let made = utc("2026-03-22T01:30:00Z");
        let expires = expiry(Expiration::Days(7), made, &CentralEurope);
        assert_eq!(expires, Ok(Some(utc("2026-03-29T01:30:00Z"))));
        assert_eq!(
            CentralEurope.local(utc("2026-03-29T01:30:00Z")).time(),
            NaiveTime::from_hms_opt(3, 30, 0).unwrap_or_default()
        );
    }

    #[test]
    fn a_picked_date_works_through_that_local_day() {
        let now = utc("2026-11-25T22:30:00Z"); // 23:30 local, still 25 November
        let expires = expiry(Expiration::Through(date(2026, 11, 26)), now, &CentralEurope);
        // Midnight starting 27 November, local (UTC+1).
        assert_eq!(expires, Ok(Some(utc("2026-11-26T23:00:00Z"))));
    }

    #[test]
    fn a_picked_date_must_be_after_today_and_within_a_year() {
        let now = utc("2026-11-25T23:30:00Z"); // 00:30 on 26 November, local
        let pick = |d| expiry(Expiration::Through(d), now, &CentralEurope);
        assert_eq!(pick(date(2026, 11, 26)), Err(ExpirationError::NotInFuture));
        assert_eq!(pick(date(2020, 1, 1)), Err(ExpirationError::NotInFuture));
        assert!(pick(date(2026, 11, 27)).is_ok());
        assert!(pick(date(2027, 11, 26)).is_ok());
        assert_eq!(
            pick(date(2027, 11, 27)),
            Err(ExpirationError::TooFarAhead {
                latest: date(2027, 11, 26)
            })
        );
        // From a leap day, a year ahead is 28 February.
        let leap = utc("2028-02-29T12:00:00Z");
        let from_leap = |d| expiry(Expiration::Through(d), leap, &CentralEurope);
        assert!(from_leap(date(2029, 2, 28)).is_ok());
        assert_eq!(
            from_leap(date(2029, 3, 1)),
            Err(ExpirationError::TooFarAhead {
                latest: date(2029, 2, 28)
            })
        );
        assert_eq!(
            ExpirationError::TooFarAhead {
                latest: date(2029, 2, 28)
            }
            .to_string(),
            "Choose a date at most one year ahead (until 2029-02-28)."
        );
    }

    #[test]
    fn status_at_its_boundaries() {
        let expires = "2026-12-10T12:00:00Z";
        let key = record("2026-11-01T00:00:00Z", Some(expires), None);
        assert_eq!(status(&key, utc("2026-12-03T11:59:59Z")), Status::Active);
        assert_eq!(
            status(&key, utc("2026-12-03T12:00:00Z")),
            Status::ExpiringSoon
        );
        assert_eq!(
            status(&key, utc("2026-12-10T11:59:59Z")),
            Status::ExpiringSoon
        );
        assert_eq!(status(&key, utc(expires)), Status::Expired);
        let forever = record("2026-11-01T00:00:00Z", None, None);
        assert_eq!(
            status(&forever, utc("9999-01-01T00:00:00Z")),
            Status::Active
        );
        // Revoked wins over expired and over expiring soon.
        let revoked = record(
            "2026-11-01T00:00:00Z",
            Some(expires),
            Some("2026-11-02T00:00:00Z"),
        );
        assert_eq!(
            status(&revoked, utc("2026-12-05T00:00:00Z")),
            Status::Revoked
        );
        assert_eq!(
            status(&revoked, utc("2027-01-01T00:00:00Z")),
            Status::Revoked
        );
        assert_eq!(
            [
                Status::Active,
                Status::ExpiringSoon,
                Status::Expired,
                Status::Revoked
            ]
            .map(Status::label),
            ["Active", "Expiring soon", "Expired", "Revoked"]
        );
    }

    #[test]
    fn rotation_is_hinted_for_old_keys_and_keys_about_to_expire() {
        let made = "2026-01-01T00:00:00Z";
        let old = record(made, None, None);
        assert_eq!(rotation_hint(&old, utc("2026-04-01T00:00:00Z")), None); // 90 days exactly
        assert_eq!(
            rotation_hint(&old, utc("2026-04-01T00:00:01Z")),
            Some(RotationReason::Old)
        );
        let soon = record(made, Some("2026-01-20T00:00:00Z"), None);
        assert_eq!(
            rotation_hint(&soon, utc("2026-01-13T00:00:00Z")),
            Some(RotationReason::ExpiresSoon)
        );
        assert_eq!(rotation_hint(&soon, utc("2026-01-12T23:59:59Z")), None);
        // Keys that no longer work need no rotation, only replacing.
        assert_eq!(rotation_hint(&soon, utc("2026-05-01T00:00:00Z")), None);
        let revoked = record(made, None, Some("2026-02-01T00:00:00Z"));
        assert_eq!(rotation_hint(&revoked, utc("2026-06-01T00:00:00Z")), None);
        for reason in [RotationReason::Old, RotationReason::ExpiresSoon] {
            assert!(reason.description().contains("development and production"));
        }
    }

    #[test]
    fn each_verdict_of_verification() {
        let mut random = SeededRandom(99);
        let made = utc("2026-11-01T00:00:00Z");
        let mint = |random: &mut SeededRandom, name: &str| {
            let name = TokenName::parse(name, &NativeUnicode).unwrap_or_else(|e| panic!("{e}"));
            mint_token(name, random, made).unwrap_or_else(|e| panic!("{e}"))
        };
        let (working, working_key) = mint(&mut random, "working");
        let (mut expired, expired_key) = mint(&mut random, "expired");
        expired.expires_at = Some(utc("2026-11-10T00:00:00Z").fixed_offset());
        let (mut revoked, revoked_key) = mint(&mut random, "revoked");
        revoked.revoked_at = Some(utc("2026-11-05T00:00:00Z").fixed_offset());
        let (_, stranger_key) = mint(&mut random, "elsewhere");
        let records = [working, expired, revoked];
        let now = utc("2026-11-20T00:00:00Z");
        let day = |at: DateTime<Utc>| at.format("%Y-%m-%d").to_string();

        let verdict = verify(working_key.expose(), &records, now);
        assert_eq!(verdict, Verdict::Valid(&records[0]));
        assert_eq!(
            verdict.sentence(&day),
            "This is the key \u{201c}working\u{201d}, and it works."
        );
        // Whitespace around a pasted key does not matter.
        let padded = format!("  {}\n", working_key.expose());
        assert_eq!(verify(&padded, &records, now).label(), "Valid");

        let verdict = verify(expired_key.expose(), &records, now);
        assert_eq!(
            verdict,
            Verdict::Expired(&records[1], utc("2026-11-10T00:00:00Z"))
        );
        assert_eq!(
            verdict.sentence(&day),
            "This is the key \u{201c}expired\u{201d}, expired since 2026-11-10."
        );
        // Not yet expired a moment before.
        assert_eq!(
            verify(expired_key.expose(), &records, utc("2026-11-09T23:59:59Z")).label(),
            "Valid"
        );

        let verdict = verify(revoked_key.expose(), &records, now);
        assert_eq!(
            verdict,
            Verdict::Revoked(&records[2], utc("2026-11-05T00:00:00Z"))
        );
        assert_eq!(
            verdict.sentence(&day),
            "This is the key \u{201c}revoked\u{201d}, revoked on 2026-11-05."
        );

        assert_eq!(
            verify(stranger_key.expose(), &records, now),
            Verdict::Unknown
        );
    }

    #[test]
    fn malformed_keys_say_what_is_wrong() {
        let mut random = SeededRandom(5);
        let (record, key) = {
            let name = TokenName::parse("k", &NativeUnicode).unwrap_or_else(|e| panic!("{e}"));
            mint_token(name, &mut random, utc("2026-11-01T00:00:00Z"))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let records = [record];
        let now = utc("2026-11-02T00:00:00Z");
        let key = key.expose().to_owned();
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
