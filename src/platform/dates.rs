//! Dates in the user's own locale and time zone.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use js_sys::Intl::{DateTimeFormat, DateTimeFormatOptions, DateTimeStyle};
use wasm_bindgen::JsValue;

use crate::core::lifecycle::LocalCalendar;

thread_local! {
    /// Building an `Intl.DateTimeFormat` is costly; one of each serves every cell.
    static DATE_AND_TIME: Option<js_sys::Function> = formatter(true);
    /// The date alone, for the Expires column.
    static DATE_ONLY: Option<js_sys::Function> = formatter(false);
}

/// The `format` function of an `Intl.DateTimeFormat` in the user's locale: a medium date, and
/// a short time when `with_time`.
fn formatter(with_time: bool) -> Option<js_sys::Function> {
    let options = DateTimeFormatOptions::new();
    options.set_date_style(DateTimeStyle::Medium);
    if with_time {
        options.set_time_style(DateTimeStyle::Short);
    }
    let format = DateTimeFormat::new(&js_sys::Array::new(), &options).format();
    format.is_function().then_some(format)
}

/// `at` written by `format`, or in RFC 3339 form (UTC) when the browser cannot format it.
fn format_with(
    format: &'static std::thread::LocalKey<Option<js_sys::Function>>,
    at: DateTime<Utc>,
) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    format
        .with(|format| {
            format
                .as_ref()
                .and_then(|f| f.call1(&JsValue::UNDEFINED, &date).ok())
                .and_then(|text| text.as_string())
        })
        .unwrap_or_else(|| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// `at` in the user's local time, e.g. "24 Nov 2026, 21:27" or "Nov 24, 2026, 9:27 PM".
/// Falls back to UTC in RFC 3339 form when the browser cannot format it.
pub fn format_local(at: DateTime<Utc>) -> String {
    format_with(&DATE_AND_TIME, at)
}

/// The local date of `at`, e.g. "24 Nov 2026" or "Nov 24, 2026"; RFC 3339 in UTC when the
/// browser cannot format it.
pub fn format_local_date(at: DateTime<Utc>) -> String {
    format_with(&DATE_ONLY, at)
}

/// The user's calendar as the browser's `Date` knows it (time zone and daylight saving).
pub struct BrowserCalendar;

impl LocalCalendar for BrowserCalendar {
    fn local(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        let date = js_sys::Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64));
        NaiveDate::from_ymd_opt(
            date.get_full_year() as i32,
            date.get_month() + 1,
            date.get_date(),
        )
        .and_then(|day| day.and_hms_opt(date.get_hours(), date.get_minutes(), date.get_seconds()))
        // A `Date` out of range: the instant in UTC, never a panic.
        .unwrap_or_else(|| instant.naive_utc())
    }

    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        // `new Date(y, m, d, h, min, s)` reads its fields in local time, moving a skipped time
        // forward and taking the first of a repeated one.
        let date = js_sys::Date::new_with_year_month_day_hr_min_sec(
            local.year() as u32,
            local.month0() as i32,
            local.day() as i32,
            local.hour() as i32,
            local.minute() as i32,
            local.second() as i32,
        );
        let millis = date.get_time();
        if millis.is_finite() {
            DateTime::from_timestamp_millis(millis as i64).unwrap_or(DateTime::<Utc>::MAX_UTC)
        } else {
            DateTime::<Utc>::MAX_UTC
        }
    }
}
