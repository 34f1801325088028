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

/// The app's allocator (see `src/main.rs`), so these tests, the key-wiping ones above all,
/// exercise the memory the app really uses.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
