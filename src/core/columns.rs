//! The token table's columns and which of them the user has chosen to show.

use serde::{Deserialize, Serialize};

/// A column of the token table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    Key,
    Created,
    LastUsed,
    Expires,
    Status,
    Actions,
}

impl Column {
    /// Every column, in display order.
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::Key,
        Column::Created,
        Column::LastUsed,
        Column::Expires,
        Column::Status,
        Column::Actions,
    ];

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// A stable lowercase identifier, as used in the stored settings and CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Key => "key",
            Column::Created => "created",
            Column::LastUsed => "last_used",
            Column::Expires => "expires",
            Column::Status => "status",
            Column::Actions => "actions",
        }
    }

    /// The column's header text (also its checkbox label).
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::Key => "Key",
            Column::Created => "Created",
            Column::LastUsed => "Last used",
            Column::Expires => "Expires",
            Column::Status => "Status",
            Column::Actions => "Actions",
        }
    }
}

/// Which columns are shown. Kept as the set of hidden columns, so a column added in a later
/// version starts out visible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnVisibility {
    /// One bit per column, by its position in [`Column::ALL`].
    hidden: u8,
}

impl ColumnVisibility {
    /// Every column shown except `hidden`.
    pub fn with_hidden(hidden: impl IntoIterator<Item = Column>) -> Self {
        Self {
            hidden: hidden.into_iter().fold(0, |bits, c| bits | c.bit()),
        }
    }

    /// The hidden columns, in display order.
    pub fn hidden(&self) -> impl Iterator<Item = Column> + '_ {
        Column::ALL.into_iter().filter(|c| !self.is_visible(*c))
    }

    /// Whether `column` is shown.
    pub fn is_visible(&self, column: Column) -> bool {
        self.hidden & column.bit() == 0
    }

    /// The shown columns, in display order.
    pub fn visible(&self) -> impl Iterator<Item = Column> + '_ {
        Column::ALL.into_iter().filter(|c| self.is_visible(*c))
    }

    /// Whether `column` is the only one still shown (so it cannot be hidden).
    pub fn is_last_visible(&self, column: Column) -> bool {
        self.is_visible(column) && self.visible().count() == 1
    }

    /// Shows or hides `column`. Refuses to hide the last visible column.
    pub fn set_visible(&mut self, column: Column, visible: bool) -> Result<(), LastColumnError> {
        if visible {
            self.hidden &= !column.bit();
        } else {
            if self.is_last_visible(column) {
                return Err(LastColumnError);
            }
            self.hidden |= column.bit();
        }
        Ok(())
    }
}

/// Hiding every column would leave an empty table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastColumnError;

impl std::fmt::Display for LastColumnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("At least one column must stay visible.")
    }
}

impl std::error::Error for LastColumnError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_visible_by_default_in_display_order() {
        let columns = ColumnVisibility::default();
        assert_eq!(columns.visible().collect::<Vec<_>>(), Column::ALL.to_vec());
    }

    #[test]
    fn hiding_and_showing() {
        let mut columns = ColumnVisibility::default();
        columns.set_visible(Column::Created, false).unwrap();
        assert!(!columns.is_visible(Column::Created));
        assert_eq!(columns.visible().count(), 6);
        columns.set_visible(Column::Created, true).unwrap();
        assert_eq!(columns, ColumnVisibility::default());
    }

    #[test]
    fn the_last_visible_column_cannot_be_hidden() {
        let mut columns = ColumnVisibility::default();
        for column in Column::ALL.into_iter().filter(|c| *c != Column::Actions) {
            columns.set_visible(column, false).unwrap();
        }
        assert!(columns.is_last_visible(Column::Actions));
        assert_eq!(
            columns.set_visible(Column::Actions, false),
            Err(LastColumnError)
        );
        assert!(columns.is_visible(Column::Actions));
    }

    #[test]
    fn ids_match_the_stored_names() {
        for column in Column::ALL {
            let stored = serde_json::to_string(&column).unwrap();
            assert_eq!(stored, format!("\"{}\"", column.id()));
        }
    }

    #[test]
    fn labels_match_the_table_headers() {
        let labels: Vec<_> = Column::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(
            labels,
            [
                "Name",
                "Key",
                "Created",
                "Last used",
                "Expires",
                "Status",
                "Actions"
            ]
        );
    }
}
