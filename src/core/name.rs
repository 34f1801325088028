//! The rules a key's name must follow.
//!
//! Names are counted as people see them: in user-perceived characters (extended grapheme
//! clusters) after NFC normalisation, so "é" is one character however it was typed, and a
//! flag or a family emoji is one too. The Unicode work is done by a [`UnicodeText`], so the
//! browser build can use the browser's own tables instead of shipping them.

use std::fmt;

use super::unicode::UnicodeText;

/// The most user-perceived characters (extended grapheme clusters) a name may have.
pub const MAX_NAME_CHARS: usize = 18;

/// The most Unicode code points a name may have. One character can stack any number of
/// combining marks, so the character limit alone does not bound a name's size; eight code
/// points per character leaves room for 18 of the longest common emoji sequences (a person
/// with a skin tone and a profession is four, a subdivision flag seven) while keeping every
/// name under 600 bytes.
pub const MAX_NAME_CODE_POINTS: usize = 8 * MAX_NAME_CHARS;

/// A validated key name: NFC-normalised, trimmed, 1 to [`MAX_NAME_CHARS`] user-perceived
/// characters and at most [`MAX_NAME_CODE_POINTS`] code points, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

/// Why a name was refused. The `Display` text is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing but whitespace was given.
    Empty,
    /// More than [`MAX_NAME_CHARS`] user-perceived characters after trimming.
    TooLong,
    /// More than [`MAX_NAME_CODE_POINTS`] code points: marks stacked on a few characters.
    TooManyMarks,
    /// A control character (tab, newline, escape, …) is inside the name.
    ControlCharacter,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Please enter a name for the key."),
            Self::TooLong => write!(f, "Name must be at most {MAX_NAME_CHARS} characters."),
            Self::TooManyMarks => {
                f.write_str("Name has too many accents or joined symbols stacked together.")
            }
            Self::ControlCharacter => {
                f.write_str("Name cannot contain control characters such as tabs or line breaks.")
            }
        }
    }
}

impl std::error::Error for NameError {}

/// How many characters `input` counts as under the name rules: user-perceived characters of
/// its trimmed NFC form. The create dialog's counter shows this, so it agrees with the rule.
pub fn name_length(input: &str, unicode: &dyn UnicodeText) -> usize {
    unicode.grapheme_count(&normalise(input, unicode))
}

/// The text a name is judged and stored as: NFC, then trimmed. NFC maps white space only to
/// white space and never composes it with a neighbour, so the order of the two does not matter.
fn normalise(input: &str, unicode: &dyn UnicodeText) -> String {
    unicode.nfc(input).trim().to_owned()
}

/// Characters that take no space of their own: zero-width spaces and joiners, direction marks
/// and overrides, the byte-order mark, the soft hyphen. Allowed inside a name (emoji sequences
/// and some scripts need joiners), but a name made only of them would be invisible.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

impl TokenName {
    /// Normalises `input` to NFC, trims it and checks it against the name rules.
    pub fn parse(input: &str, unicode: &dyn UnicodeText) -> Result<Self, NameError> {
        let name = normalise(input, unicode);
        if name.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
            return Err(NameError::Empty);
        }
        if name.chars().any(char::is_control) {
            return Err(NameError::ControlCharacter);
        }
        // The count `name_length` gives the counter.
        if unicode.grapheme_count(&name) > MAX_NAME_CHARS {
            return Err(NameError::TooLong);
        }
        if name.chars().count() > MAX_NAME_CODE_POINTS {
            return Err(NameError::TooManyMarks);
        }
        Ok(Self(name))
    }

    /// The name's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name's text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::unicode::NativeUnicode;

    fn parse(input: &str) -> Result<TokenName, NameError> {
        TokenName::parse(input, &NativeUnicode)
    }

    fn length(input: &str) -> usize {
        name_length(input, &NativeUnicode)
    }

    #[test]
    fn trims_and_accepts_ordinary_names() {
        assert_eq!(parse("  Production  ").unwrap().as_str(), "Production");
        assert_eq!(parse("a").unwrap().as_str(), "a");
    }

    #[test]
    fn empty_and_whitespace_only_names_are_refused() {
        assert_eq!(parse(""), Err(NameError::Empty));
        assert_eq!(parse(" \u{3000} "), Err(NameError::Empty));
        // En quad normalises to en space: still white space.
        assert_eq!(parse("\u{2000}\u{2001}"), Err(NameError::Empty));
        assert_eq!(
            NameError::Empty.to_string(),
            "Please enter a name for the key."
        );
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let eighteen = "🔑".repeat(18);
        assert_eq!(eighteen.len(), 72);
        assert_eq!(parse(&eighteen).unwrap().as_str(), eighteen);
        assert_eq!(parse(&"🔑".repeat(19)), Err(NameError::TooLong));
        assert!(parse(&"x".repeat(18)).is_ok());
        assert_eq!(parse(&"x".repeat(19)), Err(NameError::TooLong));
        assert_eq!(
            NameError::TooLong.to_string(),
            "Name must be at most 18 characters."
        );
        // Trimming happens before counting.
        assert!(parse(&format!("   {}   ", "x".repeat(18))).is_ok());
        assert_eq!(length(&format!("   {}   ", "x".repeat(18))), 18);
    }

    #[test]
    fn a_letter_typed_with_a_combining_accent_is_one_character_stored_composed() {
        let typed = "e\u{0301}".repeat(10);
        assert_eq!(typed.chars().count(), 20);
        assert_eq!(length(&typed), 10);
        assert_eq!(parse(&typed).unwrap().into_string(), "\u{00E9}".repeat(10));
        assert_eq!(
            parse(&"e\u{0301}".repeat(18)).unwrap().as_str(),
            "\u{00E9}".repeat(18)
        );
        assert_eq!(parse(&"e\u{0301}".repeat(19)), Err(NameError::TooLong));
        // Typed composed or decomposed, the stored name is the same.
        assert_eq!(parse("Caf\u{00E9}"), parse("Cafe\u{0301}"));
    }

    #[test]
    fn emoji_sequences_are_one_character_each() {
        let flag = "\u{1F1EB}\u{1F1F7}";
        assert_eq!(length(flag), 1);
        assert_eq!(parse(&flag.repeat(18)).unwrap().as_str(), flag.repeat(18));
        assert_eq!(parse(&flag.repeat(19)), Err(NameError::TooLong));
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        assert_eq!(length(family), 1);
        assert_eq!(parse(family).unwrap().as_str(), family);
        assert!(parse(&family.repeat(18)).is_ok());
        let coder = "🧑\u{1F3FD}\u{200D}💻";
        assert!(parse(&coder.repeat(18)).is_ok());
    }

    #[test]
    fn hangul_jamo_compose_into_syllables() {
        let jamo = "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}";
        assert_eq!(length(jamo), 2);
        assert_eq!(parse(jamo).unwrap().as_str(), "\u{D55C}\u{AE00}");
        assert_eq!(parse(&jamo.repeat(9)).unwrap().as_str(), "한글".repeat(9));
        assert_eq!(parse(&jamo.repeat(10)), Err(NameError::TooLong));
    }

    #[test]
    fn a_line_break_counts_once_and_is_still_refused() {
        assert_eq!(length("a\r\nb"), 3);
        assert_eq!(parse("a\r\nb"), Err(NameError::ControlCharacter));
        // Trailing line breaks are trimmed away like spaces.
        assert_eq!(parse("name\r\n").unwrap().as_str(), "name");
    }

    #[test]
    fn control_characters_are_refused() {
        for name in [
            "a\tb",
            "line\nbreak",
            "esc\u{1b}",
            "nul\0",
            "del\u{7f}",
            "c1\u{85}x",
        ] {
            assert_eq!(parse(name), Err(NameError::ControlCharacter), "{name:?}");
        }
        assert!(NameError::ControlCharacter
            .to_string()
            .contains("control characters"));
    }

    #[test]
    fn names_of_only_invisible_characters_count_as_empty() {
        for name in [
            "\u{200B}",
            " \u{200B}\u{FEFF} ",
            "\u{202E}",
            "\u{00AD}\u{2060}",
            // The combining grapheme joiner is left alone by NFC.
            "\u{034F}",
        ] {
            assert_eq!(parse(name), Err(NameError::Empty), "{name:?}");
        }
    }

    #[test]
    fn joiners_and_overrides_are_kept_and_counted() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(parse(family).unwrap().as_str(), family);
        // A right-to-left override is kept (the UI isolates it) and counts as a character.
        let spoof = "\u{202E}gnp.exe";
        assert_eq!(parse(spoof).unwrap().as_str(), spoof);
        assert_eq!(
            parse(&format!("\u{202E}{}", "x".repeat(18))),
            Err(NameError::TooLong)
        );
    }

    #[test]
    fn stacked_marks_are_one_character_but_cannot_grow_without_bound() {
        // "Zalgo" text: a letter with 17 marks is one character.
        let zalgo = format!("a{}", "\u{0316}".repeat(17));
        assert_eq!(length(&zalgo), 1);
        assert_eq!(parse(&zalgo).unwrap().as_str(), zalgo);
        // The code point cap bounds it instead.
        let at_cap = format!("a{}", "\u{0316}".repeat(MAX_NAME_CODE_POINTS - 1));
        assert!(parse(&at_cap).is_ok());
        let over_cap = format!("a{}", "\u{0316}".repeat(MAX_NAME_CODE_POINTS));
        assert_eq!(length(&over_cap), 1);
        assert_eq!(parse(&over_cap), Err(NameError::TooManyMarks));
        assert!(parse(&"\u{0316}".repeat(10_000)).is_err());
        assert!(NameError::TooManyMarks.to_string().contains("accents"));
    }

    #[test]
    fn a_ten_kilobyte_paste_is_refused_quickly() {
        let paste = "<script>alert(1)</script>".repeat(410);
        assert!(paste.len() > 10_000);
        assert_eq!(parse(&paste), Err(NameError::TooLong));
    }

    #[test]
    fn markup_is_just_text() {
        let name = parse("<b>x</b>").unwrap();
        assert_eq!(name.into_string(), "<b>x</b>");
    }
}
