//! The browser's Unicode (`normalize` and `Intl.Segmenter`) against the table of name lengths
//! the native tests check too, so the counter and the name rule in the page agree with the
//! rules tested natively.

use keyward::core::TokenName;
use keyward::platform::text::BrowserUnicode;
use wasm_bindgen_test::wasm_bindgen_test;

#[path = "../support/name_lengths.rs"]
mod name_lengths;

#[wasm_bindgen_test]
fn the_shared_table_of_lengths_holds_in_the_browser() {
    name_lengths::check_table(&BrowserUnicode);
}

#[wasm_bindgen_test]
fn accents_typed_as_combining_marks_are_stored_composed() {
    let name = TokenName::parse(&"e\u{0301}".repeat(10), &BrowserUnicode).unwrap();
    assert_eq!(name.as_str(), "\u{00E9}".repeat(10));
}
