//! Hooks for wiring that recurs: the persisted keyring and focus return for dialogs.

mod use_focus_return;
mod use_keyring;

pub use use_focus_return::use_focus_return;
pub use use_keyring::{use_keyring, KeyringHandle};
