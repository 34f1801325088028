//! What the user sees if Keyward ever panics: a message and a way out, never a frozen page.

use wasm_bindgen::JsCast;

/// Installs a panic hook that logs the panic and shows [`show_crash_notice`].
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Keyward stopped: {info}").into());
        show_crash_notice();
    }));
}

/// Covers the page with a "Something went wrong" notice and a Reload link. Built from plain
/// DOM calls, because after a panic the app's own code can no longer run: the Reload link
/// works without any script.
pub fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("keyward-crash").is_some() {
        return;
    }
    let build = || -> Option<web_sys::Element> {
        let notice = document.create_element("div").ok()?;
        notice.set_id("keyward-crash");
        notice.set_class_name("crash");
        notice.set_attribute("role", "alertdialog").ok()?;
        notice.set_attribute("aria-modal", "true").ok()?;
        notice
            .set_attribute("aria-labelledby", "keyward-crash-title")
            .ok()?;
        let panel = document.create_element("div").ok()?;
        panel.set_class_name("crash-panel");
        let title = document.create_element("h2").ok()?;
        title.set_id("keyward-crash-title");
        title.set_text_content(Some("Something went wrong"));
        let text = document.create_element("p").ok()?;
        text.set_text_content(Some(
            "Keyward hit an internal error and stopped. Your stored keys are safe: nothing is \
             saved after an error. Reload the page to continue.",
        ));
        let reload = document
            .create_element("a")
            .ok()?
            .unchecked_into::<web_sys::HtmlAnchorElement>();
        reload.set_class_name("button primary");
        reload.set_text_content(Some("Reload"));
        let here = document.location()?.href().ok()?;
        reload.set_href(&here);
        panel.append_child(&title).ok()?;
        panel.append_child(&text).ok()?;
        panel.append_child(&reload).ok()?;
        notice.append_child(&panel).ok()?;
        body.append_child(&notice).ok()?;
        let _ = reload.focus();
        Some(notice)
    };
    build();
}
