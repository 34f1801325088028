//! The app registers its service worker in release builds only: under `trunk serve` (a debug
//! build) a reload must never come from a cache.

use std::cell::RefCell;
use std::rc::Rc;

use keyward::ui::App;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use yew::scheduler::flush;

use crate::dom::*;

#[wasm_bindgen_test]
async fn the_app_registers_its_worker_in_release_builds_only() {
    let container = js_sys::Reflect::get(
        &web_sys::window().unwrap().navigator(),
        &"serviceWorker".into(),
    )
    .unwrap();
    // Every call to `navigator.serviceWorker.register`, with its script address.
    let calls = Rc::new(RefCell::new(Vec::<String>::new()));
    let spy = {
        let calls = calls.clone();
        Closure::<dyn FnMut(JsValue) -> js_sys::Promise>::new(move |url: JsValue| {
            calls.borrow_mut().push(url.as_string().unwrap_or_default());
            js_sys::Promise::new(&mut |_, _| {})
        })
    };
    js_sys::Reflect::set(&container, &"register".into(), spy.as_ref().unchecked_ref()).unwrap();

    local_storage().clear().unwrap();
    let root = mount_point();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    flush().await;
    assert!(text(&root).contains("API keys"), "the app rendered");
    let expected: &[&str] = if cfg!(debug_assertions) {
        &[]
    } else {
        &["./sw.js"]
    };
    assert_eq!(*calls.borrow(), expected);

    handle.destroy();
    flush().await;
    root.remove();
    js_sys::Reflect::delete_property(
        container.unchecked_ref::<js_sys::Object>(),
        &"register".into(),
    )
    .unwrap();
    local_storage().clear().unwrap();
}
