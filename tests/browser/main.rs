//! Browser tests, run in headless Chromium by `wasm-bindgen-test-runner`:
//! `cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

mod app;
mod dom;
mod key_memory;
mod service_worker;
mod storage;
mod text;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
