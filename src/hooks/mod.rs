//! Hooks for wiring that recurs: the persisted keyring and where focus goes after a dialog
//! or a banner closes.

mod use_focus_fallback;
mod use_keyring;

pub use use_focus_fallback::use_focus_fallback;
pub use use_keyring::{use_keyring, KeyringHandle};
