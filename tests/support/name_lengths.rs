//! The table of name lengths (`tests/fixtures/name-lengths.json`), checked against any
//! [`UnicodeText`]: natively against the Unicode crates, in the browser against `normalize` and
//! `Intl.Segmenter`, so the two are proven to agree.

use keyward::core::{name_length, NameError, TokenName, UnicodeText, MAX_NAME_CHARS};

/// One case of the table.
#[derive(serde::Deserialize)]
struct LengthCase {
    what: String,
    input: String,
    length: usize,
    /// The input's NFC form, where it differs from the input.
    nfc: Option<String>,
}

/// Checks every case: its length, its NFC form, and that the counter and the rule agree.
pub fn check_table(unicode: &dyn UnicodeText) {
    let cases: Vec<LengthCase> =
        serde_json::from_str(include_str!("../fixtures/name-lengths.json")).unwrap();
    assert!(cases.len() > 20);
    for case in cases {
        assert_eq!(
            name_length(&case.input, unicode),
            case.length,
            "{}",
            case.what
        );
        let nfc = case.nfc.as_deref().unwrap_or(&case.input);
        assert_eq!(unicode.nfc(&case.input), nfc, "{}", case.what);
        let refused_as_too_long = TokenName::parse(&case.input, unicode) == Err(NameError::TooLong);
        assert_eq!(
            refused_as_too_long,
            case.length > MAX_NAME_CHARS,
            "{}",
            case.what
        );
    }
}
