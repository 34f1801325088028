//! A key's life after it is minted: when it expires, which status it has and when it is due for
//! rotation. Rules over instants only; the user's calendar
//! (for "in 30 days" and for a date picked in a date field) comes in through
//! [`LocalCalendar`], which the browser implements with its own time-zone rules.

use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeDelta, Utc};

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

/// How long a new key should work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiration {
    /// It never expires.
    Never,
    /// It expires this many calendar days from now, at the local time of day it was made.
    Days(u64),
    /// It expires when this local date begins (so the Expires column shows this date).
    On(NaiveDate),
}

impl Default for Expiration {
    /// Thirty days, as most key pages default to.
    fn default() -> Self {
        Self::Days(30)
    }
}

impl Expiration {
    /// The choices the create dialog offers, in order, with their labels; "Custom date" is
    /// offered besides these.
    pub const PRESETS: [(Expiration, &'static str); 5] = [
        (Expiration::Never, "No expiration"),
        (Expiration::Days(7), "7 days"),
        (Expiration::Days(30), "30 days"),
        (Expiration::Days(60), "60 days"),
        (Expiration::Days(90), "90 days"),
    ];
}

/// Reads a date field's value (`YYYY-MM-DD`, as `<input type="date">` gives it; typed by hand
/// where the browser has no date picker).
pub fn parse_date_field(text: &str) -> Result<NaiveDate, ExpirationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ExpirationError::Missing);
    }
    let mut parts = text.splitn(3, '-').map(|part| {
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    });
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(ExpirationError::NotADate);
    };
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or(ExpirationError::NotADate)
}

/// `date` as a date field writes it: `2027-01-31`.
pub fn iso_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// The dates a "Custom date" may be, for the date field's `min` and `max`: from tomorrow to one
/// year from today, in the user's calendar at `now`.
pub fn custom_date_range(
    now: DateTime<Utc>,
    calendar: &dyn LocalCalendar,
) -> (NaiveDate, NaiveDate) {
    let today = calendar.local(now).date();
    (
        today.succ_opt().unwrap_or(NaiveDate::MAX),
        today
            .checked_add_months(Months::new(12))
            .unwrap_or(NaiveDate::MAX),
    )
}

/// Why a picked expiration date cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpirationError {
    /// "Custom date" was chosen, but no date given.
    Missing,
    /// The text is not a date.
    NotADate,
    /// The date is today or earlier.
    NotInFuture,
    /// The date is more than a year ahead; `latest` is the last one allowed.
    TooFarAhead { latest: NaiveDate },
}

impl fmt::Display for ExpirationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("Choose the date the key stops working."),
            Self::NotADate => {
                f.write_str("Enter the date as year-month-day, for example 2027-01-31.")
            }
            Self::NotInFuture => f.write_str("Choose a date after today."),
            Self::TooFarAhead { latest } => write!(
                f,
                "Choose a date at most one year ahead (until {}).",
                iso_date(*latest)
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
    match choice {
        Expiration::Never => Ok(None),
        Expiration::Days(days) => {
            let local = calendar
                .local(now)
                .checked_add_days(Days::new(days))
                .unwrap_or(NaiveDateTime::MAX);
            Ok(Some(calendar.instant(local)))
        }
        Expiration::On(date) => {
            let (earliest, latest) = custom_date_range(now, calendar);
            if date < earliest {
                Err(ExpirationError::NotInFuture)
            } else if date > latest {
                Err(ExpirationError::TooFarAhead { latest })
            } else {
                Ok(Some(
                    calendar.instant(date.and_time(chrono::NaiveTime::MIN)),
                ))
            }
        }
    }
}

/// How long a regenerated key's old secret keeps working.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GracePeriod {
    /// Not at all: the old secret stops working at once.
    #[default]
    None,
    /// One hour.
    Hour,
    /// Twenty-four hours.
    Day,
    /// Seven days.
    Week,
}

impl GracePeriod {
    /// Every choice, in the order the Regenerate dialog offers them.
    pub const ALL: [GracePeriod; 4] = [
        GracePeriod::None,
        GracePeriod::Hour,
        GracePeriod::Day,
        GracePeriod::Week,
    ];

    /// The choice's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "No grace period",
            Self::Hour => "1 hour",
            Self::Day => "24 hours",
            Self::Week => "7 days",
        }
    }

    /// When an old secret replaced at `now` stops working (`None`: at once).
    pub fn ends(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let length = match self {
            Self::None => return None,
            Self::Hour => TimeDelta::hours(1),
            Self::Day => TimeDelta::hours(24),
            Self::Week => TimeDelta::days(7),
        };
        now.checked_add_signed(length)
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
    /// A stable lowercase identifier, as used in CSS classes and stored settings.
    pub fn id(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::ExpiringSoon => "expiring_soon",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

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

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::key::tests::SeededRandom;
    use crate::core::name::TokenName;
    use crate::core::token::mint_token;
    use crate::core::unicode::NativeUnicode;
    use chrono::{NaiveTime, TimeZone};

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
    fn a_picked_date_expires_when_that_local_day_begins() {
        let now = utc("2026-11-25T22:30:00Z"); // 23:30 local, still 25 November
        let expires = expiry(Expiration::On(date(2026, 11, 26)), now, &CentralEurope);
        // Midnight starting 26 November, local (UTC+1): half an hour from now.
        assert_eq!(expires, Ok(Some(utc("2026-11-25T23:00:00Z"))));
        // In summer time the local midnight is 22:00 UTC; on the day clocks go forward it is
        // still the day's first instant.
        let spring = utc("2027-03-01T12:00:00Z");
        assert_eq!(
            expiry(Expiration::On(date(2027, 3, 28)), spring, &CentralEurope),
            Ok(Some(utc("2027-03-27T23:00:00Z")))
        );
        assert_eq!(
            expiry(Expiration::On(date(2027, 6, 1)), spring, &CentralEurope),
            Ok(Some(utc("2027-05-31T22:00:00Z")))
        );
    }

    #[test]
    fn a_picked_date_must_be_after_today_and_within_a_year() {
        let now = utc("2026-11-25T23:30:00Z"); // 00:30 on 26 November, local
        let pick = |d| expiry(Expiration::On(d), now, &CentralEurope);
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
        let from_leap = |d| expiry(Expiration::On(d), leap, &CentralEurope);
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
    fn the_custom_date_range_runs_from_tomorrow_to_a_year_from_today() {
        let now = utc("2026-11-25T23:30:00Z"); // 00:30 on 26 November, local
        let (min, max) = custom_date_range(now, &CentralEurope);
        assert_eq!(
            (iso_date(min), iso_date(max)),
            ("2026-11-27".into(), "2027-11-26".into())
        );
        assert!(expiry(Expiration::On(min), now, &CentralEurope).is_ok());
        assert!(expiry(Expiration::On(max), now, &CentralEurope).is_ok());
        assert_eq!(iso_date(date(987, 3, 4)), "0987-03-04");
    }

    #[test]
    fn grace_periods_end_after_their_length_or_not_at_all() {
        let now = utc("2026-11-25T12:00:00Z");
        let ends: Vec<_> = GracePeriod::ALL.iter().map(|g| g.ends(now)).collect();
        assert_eq!(
            ends,
            [
                None,
                Some(utc("2026-11-25T13:00:00Z")),
                Some(utc("2026-11-26T12:00:00Z")),
                Some(utc("2026-12-02T12:00:00Z")),
            ]
        );
        let labels: Vec<_> = GracePeriod::ALL.iter().map(|g| g.label()).collect();
        assert_eq!(labels, ["No grace period", "1 hour", "24 hours", "7 days"]);
        assert_eq!(GracePeriod::default(), GracePeriod::None);
    }

    #[test]
    fn date_fields_are_read_strictly() {
        assert_eq!(parse_date_field("2027-01-31"), Ok(date(2027, 1, 31)));
        assert_eq!(parse_date_field(" 2028-02-29 "), Ok(date(2028, 2, 29)));
        assert_eq!(parse_date_field(""), Err(ExpirationError::Missing));
        assert_eq!(parse_date_field("  "), Err(ExpirationError::Missing));
        for text in [
            "2027-02-29",
            "2027-13-01",
            "2027-00-10",
            "2027-1",
            "31/01/2027",
            "2027-01-31-",
            "+2027-01-31",
            "2027--01",
            "２０２７-01-31",
            "99999999999-01-01",
        ] {
            assert_eq!(
                parse_date_field(text),
                Err(ExpirationError::NotADate),
                "{text}"
            );
        }
        assert_eq!(
            ExpirationError::NotADate.to_string(),
            "Enter the date as year-month-day, for example 2027-01-31."
        );
    }

    #[test]
    fn the_presets_are_offered_in_order_with_thirty_days_by_default() {
        let labels: Vec<_> = Expiration::PRESETS.iter().map(|(_, l)| *l).collect();
        assert_eq!(
            labels,
            ["No expiration", "7 days", "30 days", "60 days", "90 days"]
        );
        assert_eq!(Expiration::default(), Expiration::Days(30));
        let all = [
            Status::Active,
            Status::ExpiringSoon,
            Status::Expired,
            Status::Revoked,
        ];
        let ids: Vec<_> = all.iter().map(|s| s.id()).collect();
        assert_eq!(ids, ["active", "expiring_soon", "expired", "revoked"]);
    }
}
