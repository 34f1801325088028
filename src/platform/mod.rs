//! Thin seams to the browser. Each is small so the core stays testable without one.

pub mod clipboard;
pub mod dates;
pub mod download;
pub mod page;
pub mod panic;
pub mod random;
pub mod service_worker;
pub mod storage;
pub mod text;
