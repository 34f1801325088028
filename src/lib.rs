//! Keyward: mint and manage API token keys entirely in the browser.
//!
//! - [`core`]: the domain (keys, records, names, the reducer, the stored format), plain Rust.
//! - `platform`: thin seams to the browser (storage, clipboard, randomness, dates, downloads,
//!   Unicode text, the crash notice).
//! - `ui` and `hooks`: Yew components and hooks; [`ui::App`] is the whole app.

pub mod core;
pub mod hooks;
pub mod platform;
pub mod ui;
