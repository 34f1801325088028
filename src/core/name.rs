//! The rules a key's name must follow.

use std::fmt;

/// The most characters (Unicode scalar values, not bytes) a name may have.
pub const MAX_NAME_CHARS: usize = 18;

/// A validated key name: trimmed, 1 to [`MAX_NAME_CHARS`] characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

/// Why a name was refused. The `Display` text is shown to the user as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing but whitespace was given.
    Empty,
    /// More than [`MAX_NAME_CHARS`] characters after trimming.
    TooLong,
    /// A control character (tab, newline, escape, …) is inside the name.
    ControlCharacter,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Please enter a name for the key."),
            Self::TooLong => write!(f, "Name must be at most {MAX_NAME_CHARS} characters."),
            Self::ControlCharacter => {
                f.write_str("Name cannot contain control characters such as tabs or line breaks.")
            }
        }
    }
}

impl std::error::Error for NameError {}

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
    /// Trims `input` and checks it against the name rules.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let trimmed = input.trim();
        if trimmed
            .chars()
            .all(|c| c.is_whitespace() || is_invisible(c))
        {
            return Err(NameError::Empty);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(NameError::ControlCharacter);
        }
        if trimmed.chars().count() > MAX_NAME_CHARS {
            return Err(NameError::TooLong);
        }
        Ok(Self(trimmed.to_owned()))
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
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts_ordinary_names() {
        assert_eq!(
            TokenName::parse("  Production  ").unwrap().as_str(),
            "Production"
        );
        assert_eq!(TokenName::parse("a").unwrap().as_str(), "a");
    }

    #[test]
    fn empty_and_whitespace_only_names_are_refused() {
        assert_eq!(TokenName::parse(""), Err(NameError::Empty));
        assert_eq!(TokenName::parse(" \u{3000} "), Err(NameError::Empty));
        assert_eq!(
            NameError::Empty.to_string(),
            "Please enter a name for the key."
        );
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let eighteen = "🔑".repeat(18);
        assert_eq!(eighteen.len(), 72);
        assert_eq!(TokenName::parse(&eighteen).unwrap().as_str(), eighteen);
        assert_eq!(TokenName::parse(&"🔑".repeat(19)), Err(NameError::TooLong));
        assert!(TokenName::parse(&"x".repeat(18)).is_ok());
        assert_eq!(TokenName::parse(&"x".repeat(19)), Err(NameError::TooLong));
        assert_eq!(
            NameError::TooLong.to_string(),
            "Name must be at most 18 characters."
        );
        // Trimming happens before counting.
        assert!(TokenName::parse(&format!("   {}   ", "x".repeat(18))).is_ok());
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
            assert_eq!(
                TokenName::parse(name),
                Err(NameError::ControlCharacter),
                "{name:?}"
            );
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
        ] {
            assert_eq!(TokenName::parse(name), Err(NameError::Empty), "{name:?}");
        }
    }

    #[test]
    fn joiners_overrides_and_combining_marks_are_kept_and_counted() {
        // A family emoji is five characters joined by zero-width joiners.
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(TokenName::parse(family).unwrap().as_str(), family);
        // A right-to-left override is kept (the UI isolates it) and counts as a character.
        let spoof = "\u{202E}gnp.exe";
        assert_eq!(TokenName::parse(spoof).unwrap().as_str(), spoof);
        assert_eq!(
            TokenName::parse(&format!("\u{202E}{}", "x".repeat(18))),
            Err(NameError::TooLong)
        );
        // Combining marks count too, so "Zalgo" text cannot grow without bound.
        let zalgo = format!("a{}", "\u{0301}".repeat(17));
        assert!(TokenName::parse(&zalgo).is_ok());
        assert_eq!(
            TokenName::parse(&format!("a{}", "\u{0301}".repeat(18))),
            Err(NameError::TooLong)
        );
    }

    #[test]
    fn a_ten_kilobyte_paste_is_refused_quickly() {
        let paste = "<script>alert(1)</script>".repeat(410);
        assert!(paste.len() > 10_000);
        assert_eq!(TokenName::parse(&paste), Err(NameError::TooLong));
    }

    #[test]
    fn markup_is_just_text() {
        let name = TokenName::parse("<b>x</b>").unwrap();
        assert_eq!(name.into_string(), "<b>x</b>");
    }
}
