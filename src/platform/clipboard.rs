//! Copying text with the asynchronous Clipboard API.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::storage::js_error_message;

/// Copies `text` to the clipboard. Fails with a reason when the API is missing (an insecure
/// context, an old browser) or the browser refuses (no permission, page not focused).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; calling it would throw.
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map_err(|e| js_error_message(&e))?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return Err("this page has no clipboard access".to_owned());
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| js_error_message(&e))
}
