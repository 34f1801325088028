//! A tick each minute, for everything that changes with the clock (a key's status).

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use gloo_timers::callback::Interval;
use yew::prelude::*;

/// How often the clock is read, in milliseconds: a status changes at most this late.
const CHECK_EVERY_MS: u32 = 15_000;

/// The current minute, as a value that changes when the minute does: the component renders
/// again then. Work it keys should read the clock itself, since the minute began before now.
#[hook]
pub fn use_minute() -> DateTime<Utc> {
    let minute = use_state_eq(this_minute);
    {
        let minute = minute.clone();
        use_effect_with((), move |_| {
            let interval = Interval::new(CHECK_EVERY_MS, move || minute.set(this_minute()));
            move || drop(interval)
        });
    }
    *minute
}

fn this_minute() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now)
}
