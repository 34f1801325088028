//! How the table looks at the keys: which of them by status (the filter), and in which order
//! (the sort). Both are kept with the column settings.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::columns::Column;
use super::lifecycle::{status, Status};
use super::listing::{grouped, keys_noun, sorted_indices};
use super::token::TokenRecord;
use super::unicode::UnicodeText;

/// Which keys the table shows by their status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Every key that has not been revoked.
    #[default]
    All,
    /// Keys that work and will for more than a week.
    Active,
    /// Keys that expire within a week.
    ExpiringSoon,
    /// Keys whose expiry has passed.
    Expired,
    /// Revoked keys, the only view that shows them.
    Revoked,
}

impl StatusFilter {
    /// Every choice, in the order the "Status" filter offers them.
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::All,
        StatusFilter::Active,
        StatusFilter::ExpiringSoon,
        StatusFilter::Expired,
        StatusFilter::Revoked,
    ];

    /// A stable identifier, as stored and used for the filter's option values.
    pub fn id(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Active => "active",
            Self::ExpiringSoon => "expiring_soon",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    /// The choice with identifier `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|filter| filter.id() == id)
    }

    /// The choice's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::Active => "Active",
            Self::ExpiringSoon => "Expiring soon",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
        }
    }

    /// Whether a key with `status` is shown. Revoked keys appear only when asked for.
    pub fn admits(self, status: Status) -> bool {
        match self {
            Self::All => status != Status::Revoked,
            Self::Active => status == Status::Active,
            Self::ExpiringSoon => status == Status::ExpiringSoon,
            Self::Expired => status == Status::Expired,
            Self::Revoked => status == Status::Revoked,
        }
    }

    /// What the search's live region says: "10,000 keys", "3 revoked keys", or with a search
    /// "3 of 10,000 keys".
    pub fn match_count(self, matching: usize, total: usize, searching: bool) -> String {
        if searching {
            format!("{} of {}", grouped(matching), self.count(total))
        } else {
            self.count(total)
        }
    }

    /// The empty table's title under this filter: "No revoked keys".
    pub fn empty_title(self) -> String {
        let phrase = self.count(0);
        format!("No {}", phrase.trim_start_matches("0 "))
    }

    /// How the keys this filter shows are counted: "10,000 keys", "3 revoked keys".
    pub fn count(self, n: usize) -> String {
        let (noun, n) = (keys_noun(n), grouped(n));
        match self {
            Self::All => format!("{n} {noun}"),
            Self::Active => format!("{n} active {noun}"),
            Self::ExpiringSoon => format!("{n} {noun} expiring soon"),
            Self::Expired => format!("{n} expired {noun}"),
            Self::Revoked => format!("{n} revoked {noun}"),
        }
    }
}

/// Which way a sorted column runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    /// A to Z, oldest first, soonest first, "Active" first.
    Ascending,
    /// The other way.
    Descending,
}

impl SortDirection {
    /// The value of `aria-sort` for a header sorted this way.
    pub fn aria(self) -> &'static str {
        match self {
            Self::Ascending => "ascending",
            Self::Descending => "descending",
        }
    }
}

/// The table's order: by one column, one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sort {
    /// The column sorted by; one for which [`Sort::is_sortable`] holds.
    pub column: Column,
    /// Which way.
    pub direction: SortDirection,
}

impl Default for Sort {
    /// Newest first: a key just created is on top.
    fn default() -> Self {
        Self {
            column: Column::Created,
            direction: SortDirection::Descending,
        }
    }
}

impl Sort {
    /// Whether the table can be sorted by `column` (the masked key and the buttons cannot).
    pub fn is_sortable(column: Column) -> bool {
        !matches!(column, Column::Key | Column::Actions)
    }

    /// The order after a click on `column`'s header: the other way round when the table is
    /// already sorted by it, else ascending by it.
    pub fn after_click(self, column: Column) -> Sort {
        let direction = match (self.column == column, self.direction) {
            (true, SortDirection::Ascending) => SortDirection::Descending,
            _ => SortDirection::Ascending,
        };
        Sort { column, direction }
    }

    /// `tokens` (stored oldest first) in this order, as seen at `now`. Keys with equal values
    /// keep their newest-first order, whichever way the column runs. Names are compared
    /// without regard to case, in any script.
    pub fn arrange(
        self,
        tokens: &[Rc<TokenRecord>],
        now: DateTime<Utc>,
        unicode: &dyn UnicodeText,
    ) -> Vec<Rc<TokenRecord>> {
        let newest_first: Vec<&Rc<TokenRecord>> = tokens.iter().rev().collect();
        let order = match self.column {
            Column::Name => ranked(&newest_first, self.direction, |t| folded(&t.name, unicode)),
            Column::LastUsed => ranked(&newest_first, self.direction, |t| t.last_used_at),
            // A key that never expires comes after every date.
            Column::Expires => ranked(&newest_first, self.direction, |t| {
                (t.expires_at.is_none(), t.expires_at)
            }),
            Column::Status => ranked(&newest_first, self.direction, |t| status(t, now)),
            _ => ranked(&newest_first, self.direction, |t| t.created_at),
        };
        order.into_iter().map(|i| newest_first[i].clone()).collect()
    }
}

/// The positions of `items` sorted by `key` in `direction`, equal keys in their given order.
fn ranked<K: Ord>(
    items: &[&Rc<TokenRecord>],
    direction: SortDirection,
    key: impl Fn(&TokenRecord) -> K,
) -> Vec<usize> {
    let keys: Vec<K> = items.iter().map(|t| key(t)).collect();
    sorted_indices(keys.len(), &mut |i, j| {
        let by_key = match direction {
            SortDirection::Ascending => keys[i].cmp(&keys[j]),
            SortDirection::Descending => keys[j].cmp(&keys[i]),
        };
        by_key.then(i.cmp(&j))
    })
}

/// `name` lowered for comparing, without asking `unicode` for names of ASCII only.
fn folded(name: &str, unicode: &dyn UnicodeText) -> String {
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        unicode.lowercase(name)
    }
}

/// The filter and the order, as kept with the column settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ListView {
    /// Which keys by status.
    pub filter: StatusFilter,
    /// In which order.
    pub sort: Sort,
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::state::tests::record;
    use crate::core::unicode::NativeUnicode;
    use chrono::TimeDelta;

    fn at(minutes: i64) -> chrono::DateTime<chrono::FixedOffset> {
        (DateTime::<Utc>::UNIX_EPOCH + TimeDelta::days(20_000) + TimeDelta::minutes(minutes))
            .fixed_offset()
    }

    /// A record's name, minute of creation, and minutes of last use, expiry and revoke.
    type Row<'a> = (&'a str, i64, Option<i64>, Option<i64>, Option<i64>);

    /// Records stored oldest first.
    fn tokens(rows: &[Row]) -> Vec<Rc<TokenRecord>> {
        rows.iter()
            .enumerate()
            .map(|(i, (name, created, used, expires, revoked))| {
                let mut t = record(name, i as u64 + 1);
                t.created_at = at(*created);
                t.last_used_at = used.map(at);
                t.expires_at = expires.map(at);
                t.revoked_at = revoked.map(at);
                Rc::new(t)
            })
            .collect()
    }

    fn names(sort: Sort, tokens: &[Rc<TokenRecord>], now: i64) -> Vec<String> {
        sort.arrange(tokens, at(now).to_utc(), &NativeUnicode)
            .iter()
            .map(|t| t.name.clone())
            .collect()
    }

    fn by(column: Column, direction: SortDirection) -> Sort {
        Sort { column, direction }
    }

    #[test]
    fn newest_first_by_default_and_equal_values_stay_newest_first_both_ways() {
        // b and c were created in the same minute; stored order says c is newer.
        let keys = tokens(&[
            ("a", 1, None, None, None),
            ("b", 2, None, None, None),
            ("c", 2, None, None, None),
            ("d", 3, None, None, None),
        ]);
        assert_eq!(names(Sort::default(), &keys, 10), ["d", "c", "b", "a"]);
        let oldest = by(Column::Created, SortDirection::Ascending);
        assert_eq!(names(oldest, &keys, 10), ["a", "c", "b", "d"]);
        // Every name equal: the order is simply newest first, in both directions.
        let same = tokens(&[
            ("x", 1, None, None, None),
            ("X", 2, None, None, None),
            ("x", 3, None, None, None),
        ]);
        for direction in [SortDirection::Ascending, SortDirection::Descending] {
            let sorted = by(Column::Name, direction).arrange(&same, at(9).to_utc(), &NativeUnicode);
            let created: Vec<_> = sorted.iter().map(|t| t.created_at).collect();
            assert_eq!(created, [at(3), at(2), at(1)]);
        }
    }

    #[test]
    fn names_sort_without_regard_to_case_in_any_script() {
        let keys = tokens(&[
            ("beta", 1, None, None, None),
            ("Alpha", 2, None, None, None),
            ("Éclair", 3, None, None, None),
            ("éa", 4, None, None, None),
            ("zeta", 5, None, None, None),
        ]);
        let up = by(Column::Name, SortDirection::Ascending);
        assert_eq!(
            names(up, &keys, 9),
            ["Alpha", "beta", "zeta", "éa", "Éclair"]
        );
        let down = by(Column::Name, SortDirection::Descending);
        assert_eq!(
            names(down, &keys, 9),
            ["Éclair", "éa", "zeta", "beta", "Alpha"]
        );
    }

    #[test]
    fn never_used_counts_as_least_recent_and_never_expiring_as_last() {
        let keys = tokens(&[
            ("used-early", 1, Some(5), Some(100), None),
            ("never-used", 2, None, None, None),
            ("used-late", 3, Some(8), Some(50), None),
        ]);
        let used = by(Column::LastUsed, SortDirection::Descending);
        assert_eq!(
            names(used, &keys, 9),
            ["used-late", "used-early", "never-used"]
        );
        let expires = by(Column::Expires, SortDirection::Ascending);
        assert_eq!(
            names(expires, &keys, 9),
            ["used-late", "used-early", "never-used"]
        );
        let expires_last = by(Column::Expires, SortDirection::Descending);
        assert_eq!(
            names(expires_last, &keys, 9),
            ["never-used", "used-early", "used-late"]
        );
    }

    #[test]
    fn status_sorts_active_expiring_expired_revoked_and_filters_admit_by_status() {
        let week = 7 * 24 * 60;
        let keys = tokens(&[
            ("revoked", 1, None, None, Some(2)),
            ("expired", 2, None, Some(5), None),
            ("soon", 3, None, Some(10 + week), None),
            ("active", 4, None, None, None),
        ]);
        let up = by(Column::Status, SortDirection::Ascending);
        assert_eq!(
            names(up, &keys, 10),
            ["active", "soon", "expired", "revoked"]
        );
        let now = at(10).to_utc();
        let admitted = |filter: StatusFilter| -> Vec<String> {
            keys.iter()
                .filter(|t| filter.admits(status(t, now)))
                .map(|t| t.name.clone())
                .collect()
        };
        assert_eq!(admitted(StatusFilter::All), ["expired", "soon", "active"]);
        assert_eq!(admitted(StatusFilter::Active), ["active"]);
        assert_eq!(admitted(StatusFilter::ExpiringSoon), ["soon"]);
        assert_eq!(admitted(StatusFilter::Expired), ["expired"]);
        assert_eq!(admitted(StatusFilter::Revoked), ["revoked"]);
    }

    #[test]
    fn a_header_click_sorts_ascending_then_descending() {
        let start = Sort::default();
        let name = start.after_click(Column::Name);
        assert_eq!(name, by(Column::Name, SortDirection::Ascending));
        assert_eq!(
            name.after_click(Column::Name),
            by(Column::Name, SortDirection::Descending)
        );
        assert_eq!(
            start.after_click(Column::Created),
            by(Column::Created, SortDirection::Ascending)
        );
        assert!(!Sort::is_sortable(Column::Key));
        assert!(!Sort::is_sortable(Column::Actions));
        assert_eq!(SortDirection::Ascending.aria(), "ascending");
    }

    #[test]
    fn filters_have_stable_ids_and_worded_counts() {
        for filter in StatusFilter::ALL {
            assert_eq!(StatusFilter::from_id(filter.id()), Some(filter));
            let stored = serde_json::to_string(&filter).unwrap_or_default();
            assert_eq!(stored, format!("\"{}\"", filter.id()));
        }
        assert_eq!(StatusFilter::from_id("nope"), None);
        assert_eq!(
            StatusFilter::All.match_count(3, 10_000, true),
            "3 of 10,000 keys"
        );
        assert_eq!(StatusFilter::All.match_count(1, 1, false), "1 key");
        assert_eq!(
            StatusFilter::Revoked.match_count(2, 2, false),
            "2 revoked keys"
        );
        assert_eq!(
            StatusFilter::ExpiringSoon.match_count(0, 1, true),
            "0 of 1 key expiring soon"
        );
        assert_eq!(StatusFilter::Expired.empty_title(), "No expired keys");
        assert_eq!(
            StatusFilter::ExpiringSoon.empty_title(),
            "No keys expiring soon"
        );
    }
}
