//! The page as a whole: whether a modal dialog covers it, and reloading it.

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Whether a `<dialog>` is open (the app's dialogs are all modal `<dialog>` elements).
pub fn dialog_open() -> bool {
    document()
        .and_then(|d| d.query_selector_all("dialog[open]").ok())
        .is_some_and(|open| open.length() > 0)
}

/// Reloads the page.
pub fn reload() {
    if let Some(location) = document().and_then(|d| d.location()) {
        let _ = location.reload();
    }
}
