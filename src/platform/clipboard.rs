//! Copying text with the asynchronous Clipboard API.

use std::future::Future;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::storage::js_error_message;

/// Starts copying `text` to the clipboard and returns the outcome to await. The text is
/// handed to the browser before this returns, so the caller need not keep it while the
/// browser answers. Fails with a reason when the API is missing (an insecure context, an old
/// browser) or the browser refuses (no permission, page not focused).
pub fn copy_text(text: &str) -> impl Future<Output = Result<(), String>> + 'static {
    let started = start_copy(text);
    async move {
        JsFuture::from(started?)
            .await
            .map(|_| ())
            .map_err(|e| js_error_message(&e))
    }
}

fn start_copy(text: &str) -> Result<js_sys::Promise, String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; calling it would throw.
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map_err(|e| js_error_message(&e))?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err("this page has no clipboard access".to_owned());
    }
    Ok(navigator.clipboard().write_text(text))
}
