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

impl TokenName {
    /// Trims `input` and checks it against the name rules.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
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
    fn markup_is_just_text() {
        let name = TokenName::parse("<b>x</b>").unwrap();
        assert_eq!(name.into_string(), "<b>x</b>");
    }
}
