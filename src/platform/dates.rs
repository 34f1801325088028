//! Dates in the user's own locale and time zone.

use chrono::{DateTime, Utc};
use js_sys::Intl::{DateTimeFormat, DateTimeFormatOptions, DateTimeStyle};
use wasm_bindgen::JsValue;

thread_local! {
    /// Building an `Intl.DateTimeFormat` is costly; one serves every cell.
    static FORMAT: Option<js_sys::Function> = {
        let options = DateTimeFormatOptions::new();
        options.set_date_style(DateTimeStyle::Medium);
        options.set_time_style(DateTimeStyle::Short);
        let format = DateTimeFormat::new(&js_sys::Array::new(), &options).format();
        format.is_function().then_some(format)
    };
}

/// `at` in the user's local time, e.g. "24 Nov 2026, 21:27" or "Nov 24, 2026, 9:27 PM".
/// Falls back to UTC in RFC 3339 form when the browser cannot format it.
pub fn format_local(at: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    FORMAT
        .with(|format| {
            format
                .as_ref()
                .and_then(|f| f.call1(&JsValue::UNDEFINED, &date).ok())
                .and_then(|text| text.as_string())
        })
        .unwrap_or_else(|| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
