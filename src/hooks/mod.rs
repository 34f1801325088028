//! Hooks for wiring that recurs: the persisted keyring, where focus goes after a dialog or a
//! banner closes, newer builds of the app, and the clock.

mod use_app_update;
mod use_focus_fallback;
mod use_keyring;
mod use_minute;

pub use use_app_update::{use_app_update, AppUpdateHandle};
pub use use_focus_fallback::use_focus_fallback;
pub use use_keyring::{use_keyring, KeyringHandle};
pub use use_minute::use_minute;
