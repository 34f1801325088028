//! What the key table shows: the keys the filter lets through whose name matches the
//! search, one page at a time. The table's cost then depends on the page, not on how many keys
//! there are.

use super::unicode::UnicodeText;

/// How many keys a page of the table shows.
pub const PAGE_SIZE: usize = 50;

/// A search for keys by name: the typed text, trimmed, matched anywhere in a name without
/// regard to case, in any script ("é" finds "É"). An empty search matches every key.
///
/// Case is folded by the [`UnicodeText`] given, never by Rust's own tables (which would add
/// 15 KB to the download); names of ASCII letters only, nearly all of them, are compared
/// without asking it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameQuery {
    lowered: String,
}

impl NameQuery {
    /// The search for `text`.
    pub fn new(text: &str, unicode: &dyn UnicodeText) -> Self {
        Self {
            lowered: unicode.lowercase(text.trim()),
        }
    }

    /// Whether the search matches every key.
    pub fn is_empty(&self) -> bool {
        self.lowered.is_empty()
    }

    /// Whether `name` matches.
    pub fn matches(&self, name: &str, unicode: &dyn UnicodeText) -> bool {
        if self.is_empty() {
            return true;
        }
        if name.is_ascii() {
            // Lower case of ASCII is ASCII; a search that is not ASCII once lowered (the
            // Kelvin sign "K" lowers to "k", which is) cannot be inside such a name.
            let needle = self.lowered.as_bytes();
            return name.as_bytes().windows(needle.len()).any(|window| {
                window
                    .iter()
                    .map(u8::to_ascii_lowercase)
                    .eq(needle.iter().copied())
            });
        }
        unicode.lowercase(name).contains(&self.lowered)
    }
}

/// One page of a list of `total` items: which page (from 0), how many pages there are, and
/// the range of items it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The page's number, from 0.
    pub number: usize,
    /// How many pages there are (at least 1, even for an empty list).
    pub count: usize,
    /// The first item shown (from 0).
    pub start: usize,
    /// One past the last item shown.
    pub end: usize,
}

impl Page {
    /// Page `requested` of a list of `total` items, or the last page when the list has become
    /// shorter than that (say, keys were revoked meanwhile).
    pub fn of(total: usize, requested: usize) -> Self {
        let count = total.div_ceil(PAGE_SIZE).max(1);
        let number = requested.min(count - 1);
        let start = number * PAGE_SIZE;
        Self {
            number,
            count,
            start,
            end: (start + PAGE_SIZE).min(total),
        }
    }
}

/// The indices `0..len` in the order `compare` gives. Every sort in the app goes through this
/// one function, so the download holds one copy of the sorting code, not one per sort (each
/// copy of the standard library's sort is several kilobytes).
pub fn sorted_indices(
    len: usize,
    compare: &mut dyn FnMut(usize, usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    indices.sort_unstable_by(|&a, &b| compare(a, b));
    indices
}

/// "key" for one, "keys" for any other number.
pub fn keys_noun(n: usize) -> &'static str {
    if n == 1 {
        "key"
    } else {
        "keys"
    }
}

/// "1 key", "10,000 keys".
pub fn key_count(n: usize) -> String {
    format!("{} {}", grouped(n), keys_noun(n))
}

/// `n` with a comma between groups of three digits: "10,000".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::unicode::NativeUnicode;

    fn finds(query: &str, name: &str) -> bool {
        NameQuery::new(query, &NativeUnicode).matches(name, &NativeUnicode)
    }

    #[test]
    fn a_search_ignores_case_in_any_script_and_surrounding_spaces() {
        assert!(finds("  é ", "Café"));
        assert!(finds("é", "CAFÉ"));
        assert!(finds("É", "café"));
        assert!(!finds("é", "Cafe"));
        assert!(finds("ΣΟΦΊΑ", "σοφία"));
        assert!(finds("prod", "Production EU"));
        assert!(finds("EU", "production eu"));
        assert!(finds("PrOd", "PRODUCTION"));
        assert!(!finds("staging", "production"));
        assert!(!finds("productions", "production"));
        // The Kelvin sign lowers to an ASCII "k"; a non-ASCII search never matches an ASCII name.
        assert!(finds("\u{212A}ey", "KEY"));
        assert!(!finds("ß", "ss"));
    }

    #[test]
    fn an_empty_search_matches_everything() {
        for text in ["", "   ", "\t"] {
            let query = NameQuery::new(text, &NativeUnicode);
            assert!(query.is_empty());
            assert!(query.matches("anything", &NativeUnicode));
            assert!(query.matches("", &NativeUnicode));
        }
    }

    #[test]
    fn pages_cover_the_list_and_clamp_to_its_end() {
        assert_eq!(
            Page::of(0, 0),
            Page {
                number: 0,
                count: 1,
                start: 0,
                end: 0
            }
        );
        assert_eq!(Page::of(50, 0).count, 1);
        assert_eq!(Page::of(51, 0).count, 2);
        let last = Page::of(10_000, 199);
        assert_eq!((last.start, last.end, last.count), (9_950, 10_000, 200));
        // A page past the end (the list got shorter) shows the last one.
        let clamped = Page::of(120, 7);
        assert_eq!((clamped.number, clamped.start, clamped.end), (2, 100, 120));
        // Every item is on exactly one page.
        let total = 1_234;
        let shown: usize = (0..Page::of(total, 0).count)
            .map(|n| {
                let page = Page::of(total, n);
                page.end - page.start
            })
            .sum();
        assert_eq!(shown, total);
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(50_000), "50,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
