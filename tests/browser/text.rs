//! The browser's Unicode (`normalize` and `Intl.Segmenter`) against the table of name lengths
//! the native tests check too, so the counter and the name rule in the page agree with the
//! rules tested natively.

use keyward::core::{name_length, NameError, TokenName, UnicodeText, MAX_NAME_CHARS};
use keyward::platform::text::BrowserUnicode;
use wasm_bindgen_test::wasm_bindgen_test;

/// One case of tests/fixtures/name-lengths.json.
#[derive(serde::Deserialize)]
struct LengthCase {
    what: String,
    input: String,
    length: usize,
    /// The input's NFC form, where it differs from the input.
    nfc: Option<String>,
}

#[wasm_bindgen_test]
fn the_shared_table_of_lengths_holds_in_the_browser() {
    let cases: Vec<LengthCase> =
        serde_json::from_str(include_str!("../fixtures/name-lengths.json")).unwrap();
    assert!(cases.len() > 20);
    for case in cases {
        assert_eq!(
            name_length(&case.input, &BrowserUnicode),
            case.length,
            "{}",
            case.what
        );
        let nfc = case.nfc.as_deref().unwrap_or(&case.input);
        assert_eq!(BrowserUnicode.nfc(&case.input), nfc, "{}", case.what);
        let refused_as_too_long =
            TokenName::parse(&case.input, &BrowserUnicode) == Err(NameError::TooLong);
        assert_eq!(
            refused_as_too_long,
            case.length > MAX_NAME_CHARS,
            "{}",
            case.what
        );
    }
}

#[wasm_bindgen_test]
fn accents_typed_as_combining_marks_are_stored_composed() {
    let name = TokenName::parse(&"e\u{0301}".repeat(10), &BrowserUnicode).unwrap();
    assert_eq!(name.as_str(), "\u{00E9}".repeat(10));
}
