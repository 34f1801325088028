//! Small helpers to drive the DOM the way a person would.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

pub fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// A fresh element to mount an app into.
pub fn mount_point() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root
}

/// Every element matching `selector` inside `root`.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.dyn_into::<Element>().unwrap())
        .collect()
}

/// The element's text with whitespace collapsed, as a screen reader would read it.
pub fn text(element: &Element) -> String {
    element
        .text_content()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The button whose accessible name (its `aria-label`, else its text) is exactly `name`.
pub fn button(root: &Element, name: &str) -> HtmlElement {
    find_button(root, name).unwrap_or_else(|| panic!("no button named {name:?}"))
}

pub fn find_button(root: &Element, name: &str) -> Option<HtmlElement> {
    all(root, "button")
        .into_iter()
        .find(|b| b.get_attribute("aria-label").unwrap_or_else(|| text(b)) == name)
        .map(|b| b.dyn_into().unwrap())
}

/// The open dialog whose title is `title`.
pub fn dialog(root: &Element, title: &str) -> Option<Element> {
    all(root, "dialog[open]").into_iter().find(|d| {
        let id = d.get_attribute("aria-labelledby").unwrap();
        document()
            .get_element_by_id(&id)
            .is_some_and(|heading| text(&heading) == title)
    })
}

/// The text field labelled `label` (by `<label for>` or `aria-label`).
pub fn input(root: &Element, label: &str) -> HtmlInputElement {
    labelled(root, "input", label).dyn_into().unwrap()
}

/// The element matching `selector` labelled `label`.
pub fn labelled(root: &Element, selector: &str, label: &str) -> Element {
    for candidate in all(root, selector) {
        let by_aria = candidate.get_attribute("aria-label").as_deref() == Some(label);
        let by_label = all(root, "label")
            .iter()
            .any(|l| text(l) == label && l.get_attribute("for") == Some(candidate.id()));
        if by_aria || by_label {
            return candidate;
        }
    }
    panic!("no {selector} labelled {label:?}")
}

/// Types `value` into `input` (sets it and fires `input`).
pub fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let event = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Presses `key` on `target` (a bubbling `keydown`).
pub fn press(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Double-clicks `target`.
pub fn double_click(target: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("dblclick", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// The texts of the table's body cells, row by row, without the selection checkbox's cell.
pub fn table_rows(root: &Element) -> Vec<Vec<String>> {
    all(root, "table tbody tr")
        .iter()
        .map(|row| all(row, "td:not(.cell-select)").iter().map(text).collect())
        .collect()
}
