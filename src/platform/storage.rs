//! `localStorage` behind the core's [`KeyValueStore`] seam.

use wasm_bindgen::{JsCast, JsValue};

use crate::core::{KeyValueStore, StorageError};

/// The page's `localStorage`. Every call looks the storage up afresh and turns every
/// failure (blocked storage, a full quota) into a [`StorageError`]; nothing here panics.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalStorage;

impl LocalStorage {
    fn storage(&self) -> Result<web_sys::Storage, StorageError> {
        let window = web_sys::window()
            .ok_or_else(|| StorageError::Unavailable("there is no browser window".into()))?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(storage),
            Ok(None) => Err(StorageError::Unavailable(
                "it is turned off in this browser's settings, or the browser has none".into(),
            )),
            Err(error) => Err(StorageError::Unavailable(js_error_message(&error))),
        }
    }
}

impl KeyValueStore for LocalStorage {
    fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.storage()?
            .get_item(key)
            .map_err(|e| StorageError::Failed(js_error_message(&e)))
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.storage()?.set_item(key, value).map_err(|error| {
            if js_error_name(&error).as_deref() == Some("QuotaExceededError") {
                StorageError::QuotaExceeded
            } else {
                StorageError::Failed(js_error_message(&error))
            }
        })
    }
}

fn js_error_name(error: &JsValue) -> Option<String> {
    js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
}

/// A readable message for a thrown JavaScript value.
pub fn js_error_message(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| "unknown browser error".to_owned())
}
