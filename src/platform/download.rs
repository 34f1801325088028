//! Saving text as a file the user downloads.

use wasm_bindgen::{JsCast, JsValue};

use super::storage::js_error_message;

/// Offers `text` as a download named `file_name`.
pub fn download_text(file_name: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("there is no browser window")?;
    let document = window.document().ok_or("there is no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| js_error_message(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| js_error_message(&e))?;
    let link = document
        .create_element("a")
        .map_err(|e| js_error_message(&e))?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download has started; the object URL is no longer needed.
    web_sys::Url::revoke_object_url(&url).map_err(|e| js_error_message(&e))
}
