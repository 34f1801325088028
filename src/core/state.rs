//! The state Keyward manages and the actions that change it (a pure reducer).

use std::fmt;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::columns::{Column, ColumnVisibility, LastColumnError};
use super::name::TokenName;
use super::token::{OldSecret, TokenRecord};
use super::view::{ListView, Sort, StatusFilter};

/// Everything the user manages: the token records (active and revoked) and the table's
/// column choices. Records are shared (`Rc`) so views can hold them without copying.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    /// Every record, oldest first; revoked ones stay with `revoked_at` set.
    pub tokens: Vec<Rc<TokenRecord>>,
    /// Which table columns are shown.
    pub columns: ColumnVisibility,
    /// The table's status filter and order.
    pub view: ListView,
}

/// A change to a [`Keyring`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Adds a freshly minted record.
    Create(TokenRecord),
    /// Gives an active key a new name.
    Rename { id: Uuid, name: TokenName },
    /// Revokes an active key; its record stays, marked with the time.
    Revoke { id: Uuid, at: DateTime<Utc> },
    /// Revokes those of these keys that are still active (at least one must be).
    RevokeMany { ids: Vec<Uuid>, at: DateTime<Utc> },
    /// Undoes a revoke made at `at`: each of these records (as the revoke left them) that is
    /// still revoked at exactly `at` becomes active again, and one deleted since comes back.
    Unrevoke {
        records: Vec<Rc<TokenRecord>>,
        at: DateTime<Utc>,
    },
    /// Gives an active key a new secret (its hash and masked form); the old secret's hash is
    /// kept until `grace_until`, when given.
    Regenerate {
        id: Uuid,
        hash: String,
        display: String,
        grace_until: Option<DateTime<Utc>>,
    },
    /// Records that an active key was just used (verified).
    MarkUsed { id: Uuid, at: DateTime<Utc> },
    /// Removes the record of a revoked key altogether.
    Delete { id: Uuid },
    /// Shows or hides a table column.
    SetColumnVisible { column: Column, visible: bool },
    /// Chooses which keys the table shows by status.
    SetFilter(StatusFilter),
    /// Chooses the table's order.
    SetSort(Sort),
}

/// Which stored document an action changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The token records.
    Tokens,
    /// The column settings.
    Columns,
}

impl Action {
    /// The part of the stored state this action changes.
    pub fn section(&self) -> Section {
        match self {
            Action::SetColumnVisible { .. } | Action::SetFilter(_) | Action::SetSort(_) => {
                Section::Columns
            }
            _ => Section::Tokens,
        }
    }
}

/// Why an action could not be applied. The `Display` text is meant for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionError {
    /// No record has this id (another tab may have deleted it).
    UnknownToken,
    /// The key was already revoked (perhaps in another tab).
    AlreadyRevoked,
    /// A record with this id already exists.
    DuplicateId,
    /// A record for the same key already exists.
    DuplicateKey,
    /// Hiding this column would leave none.
    LastColumn,
    /// Only a revoked key's record may be deleted.
    NotRevoked,
    /// None of the keys to revoke is active any more.
    NothingToRevoke,
    /// None of the revoked keys is as the revoke left it (another tab changed them).
    NothingToRestore,
    /// The table cannot be sorted by this column.
    NotSortable,
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownToken => f.write_str("This key no longer exists."),
            Self::AlreadyRevoked => f.write_str("This key has already been revoked."),
            Self::DuplicateId => f.write_str("A key with this id already exists."),
            Self::DuplicateKey => f.write_str("This key is already stored."),
            Self::LastColumn => LastColumnError.fmt(f),
            Self::NotRevoked => f.write_str("Only a revoked key can be deleted."),
            Self::NothingToRevoke => f.write_str("These keys have already been revoked."),
            Self::NothingToRestore => {
                f.write_str("These keys were changed meanwhile, so the revoke cannot be undone.")
            }
            Self::NotSortable => f.write_str("The table cannot be sorted by this column."),
        }
    }
}

impl std::error::Error for ActionError {}

impl Keyring {
    /// The records of keys that are not revoked, oldest first.
    pub fn active(&self) -> impl DoubleEndedIterator<Item = &Rc<TokenRecord>> {
        self.tokens.iter().filter(|t| t.is_active())
    }

    /// The record with this id, active or not.
    pub fn find(&self, id: Uuid) -> Option<&Rc<TokenRecord>> {
        self.tokens.iter().find(|t| t.id == id)
    }

    /// Applies `action`, or leaves the keyring unchanged and says why not.
    pub fn apply(&mut self, action: Action) -> Result<(), ActionError> {
        match action {
            Action::Create(record) => {
                if self.tokens.iter().any(|t| t.id == record.id) {
                    return Err(ActionError::DuplicateId);
                }
                if self.tokens.iter().any(|t| t.hash == record.hash) {
                    return Err(ActionError::DuplicateKey);
                }
                self.tokens.push(Rc::new(record));
            }
            Action::Rename { id, name } => {
                let token = self.active_mut(id)?;
                Rc::make_mut(token).name = name.into_string();
            }
            Action::Revoke { id, at } => {
                let token = self.active_mut(id)?;
                Rc::make_mut(token).revoked_at = Some(at.fixed_offset());
            }
            Action::Regenerate {
                id,
                hash,
                display,
                grace_until,
            } => {
                if self.tokens.iter().any(|t| t.hash == hash) {
                    return Err(ActionError::DuplicateKey);
                }
                let token = Rc::make_mut(self.active_mut(id)?);
                let old = std::mem::replace(&mut token.hash, hash);
                token.display = display;
                if let Some(until) = grace_until {
                    token.old_secrets.push(OldSecret {
                        hash: old,
                        until: until.fixed_offset(),
                    });
                }
            }
            Action::MarkUsed { id, at } => {
                let token = self.active_mut(id)?;
                Rc::make_mut(token).last_used_at = Some(at.fixed_offset());
            }
            Action::RevokeMany { ids, at } => {
                let ids: std::collections::BTreeSet<Uuid> = ids.into_iter().collect();
                let mut revoked = 0;
                for token in &mut self.tokens {
                    if token.is_active() && ids.contains(&token.id) {
                        Rc::make_mut(token).revoked_at = Some(at.fixed_offset());
                        revoked += 1;
                    }
                }
                if revoked == 0 {
                    return Err(ActionError::NothingToRevoke);
                }
            }
            Action::Unrevoke { records, at } => {
                let at = at.fixed_offset();
                let mut restored = 0;
                for record in records {
                    match self.tokens.iter().position(|t| t.id == record.id) {
                        Some(i) if self.tokens[i].revoked_at == Some(at) => {
                            Rc::make_mut(&mut self.tokens[i]).revoked_at = None;
                            restored += 1;
                        }
                        Some(_) => {}
                        None if record.revoked_at == Some(at)
                            && !self.tokens.iter().any(|t| t.hash == record.hash) =>
                        {
                            let mut record = (*record).clone();
                            record.revoked_at = None;
                            self.tokens.push(Rc::new(record));
                            restored += 1;
                        }
                        None => {}
                    }
                }
                if restored == 0 {
                    return Err(ActionError::NothingToRestore);
                }
            }
            Action::Delete { id } => {
                let position = self
                    .tokens
                    .iter()
                    .position(|t| t.id == id)
                    .ok_or(ActionError::UnknownToken)?;
                if self.tokens[position].is_active() {
                    return Err(ActionError::NotRevoked);
                }
                self.tokens.remove(position);
            }
            Action::SetColumnVisible { column, visible } => self
                .columns
                .set_visible(column, visible)
                .map_err(|LastColumnError| ActionError::LastColumn)?,
            Action::SetFilter(filter) => self.view.filter = filter,
            Action::SetSort(sort) => {
                if !Sort::is_sortable(sort.column) {
                    return Err(ActionError::NotSortable);
                }
                self.view.sort = sort;
            }
        }
        Ok(())
    }

    /// Drops every old secret whose grace period has ended at `now`, copying only the records
    /// that had one.
    pub fn drop_ended_old_secrets(&mut self, now: DateTime<Utc>) {
        for token in &mut self.tokens {
            if token.old_secrets.iter().any(|old| old.until <= now) {
                Rc::make_mut(token).drop_ended_old_secrets(now);
            }
        }
    }

    fn active_mut(&mut self, id: Uuid) -> Result<&mut Rc<TokenRecord>, ActionError> {
        let token = self
            .tokens
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or(ActionError::UnknownToken)?;
        if token.is_active() {
            Ok(token)
        } else {
            Err(ActionError::AlreadyRevoked)
        }
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod tests {
    use super::*;
    use crate::core::key::tests::SeededRandom;
    use crate::core::token::mint_token;
    use crate::core::unicode::NativeUnicode;

    pub fn record(name: &str, seed: u64) -> TokenRecord {
        let name = TokenName::parse(name, &NativeUnicode).unwrap();
        mint_token(name, &mut SeededRandom(seed), Utc::now())
            .unwrap()
            .0
    }

    fn keyring_with(names: &[&str]) -> Keyring {
        let mut keyring = Keyring::default();
        for (i, name) in names.iter().enumerate() {
            keyring
                .apply(Action::Create(record(name, i as u64 + 1)))
                .unwrap();
        }
        keyring
    }

    #[test]
    fn create_appends_an_active_record() {
        let keyring = keyring_with(&["one", "two"]);
        let names: Vec<_> = keyring.active().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
    }

    #[test]
    fn create_refuses_duplicate_ids_and_duplicate_keys() {
        let mut keyring = keyring_with(&["one"]);
        let existing = (*keyring.tokens[0]).clone();

        let mut same_id = record("other", 77);
        same_id.id = existing.id;
        assert_eq!(
            keyring.apply(Action::Create(same_id)),
            Err(ActionError::DuplicateId)
        );

        let mut same_key = record("other", 78);
        same_key.hash = existing.hash.clone();
        assert_eq!(
            keyring.apply(Action::Create(same_key)),
            Err(ActionError::DuplicateKey)
        );
        assert_eq!(keyring.tokens.len(), 1);
    }

    #[test]
    fn rename_changes_only_the_name_of_that_record() {
        let mut keyring = keyring_with(&["one", "two"]);
        let before = keyring.clone();
        let id = keyring.tokens[0].id;
        keyring
            .apply(Action::Rename {
                id,
                name: TokenName::parse("renamed", &NativeUnicode).unwrap(),
            })
            .unwrap();
        assert_eq!(keyring.tokens[0].name, "renamed");
        assert_eq!(keyring.tokens[0].hash, before.tokens[0].hash);
        assert_eq!(keyring.tokens[1], before.tokens[1]);
        // Untouched records keep sharing their allocation with the old state.
        assert!(Rc::ptr_eq(&keyring.tokens[1], &before.tokens[1]));
        // The old state is unchanged (copy on write).
        assert_eq!(before.tokens[0].name, "one");
    }

    #[test]
    fn rename_of_unknown_or_revoked_keys_is_refused() {
        let mut keyring = keyring_with(&["one"]);
        let name = TokenName::parse("x", &NativeUnicode).unwrap();
        assert_eq!(
            keyring.apply(Action::Rename {
                id: Uuid::nil(),
                name: name.clone()
            }),
            Err(ActionError::UnknownToken)
        );
        let id = keyring.tokens[0].id;
        keyring
            .apply(Action::Revoke { id, at: Utc::now() })
            .unwrap();
        assert_eq!(
            keyring.apply(Action::Rename { id, name }),
            Err(ActionError::AlreadyRevoked)
        );
        assert_eq!(keyring.tokens[0].name, "one");
    }

    #[test]
    fn mark_used_sets_only_that_keys_last_use_and_only_while_it_works() {
        let mut keyring = keyring_with(&["one", "two"]);
        let (one, two) = (keyring.tokens[0].id, keyring.tokens[1].id);
        let at = Utc::now();
        keyring.apply(Action::MarkUsed { id: one, at }).unwrap();
        assert_eq!(keyring.tokens[0].last_used_at, Some(at.fixed_offset()));
        assert_eq!(keyring.tokens[1].last_used_at, None);
        assert_eq!(
            keyring.apply(Action::MarkUsed {
                id: Uuid::nil(),
                at
            }),
            Err(ActionError::UnknownToken)
        );
        keyring.apply(Action::Revoke { id: two, at }).unwrap();
        assert_eq!(
            keyring.apply(Action::MarkUsed { id: two, at }),
            Err(ActionError::AlreadyRevoked)
        );
        assert_eq!(keyring.tokens[1].last_used_at, None);
    }

    #[test]
    fn revoke_keeps_the_record_but_removes_it_from_the_active_ones() {
        let mut keyring = keyring_with(&["one", "two"]);
        let id = keyring.tokens[0].id;
        let at = Utc::now();
        keyring.apply(Action::Revoke { id, at }).unwrap();
        assert_eq!(keyring.tokens.len(), 2);
        assert_eq!(keyring.tokens[0].revoked_at, Some(at.fixed_offset()));
        let active: Vec<_> = keyring.active().map(|t| t.name.as_str()).collect();
        assert_eq!(active, ["two"]);
        // Revoking twice is refused and keeps the first time.
        assert_eq!(
            keyring.apply(Action::Revoke { id, at: Utc::now() }),
            Err(ActionError::AlreadyRevoked)
        );
        assert_eq!(keyring.tokens[0].revoked_at, Some(at.fixed_offset()));
    }

    #[test]
    fn delete_removes_a_revoked_record_and_refuses_active_and_unknown_ones() {
        let mut keyring = keyring_with(&["one", "two"]);
        let id = keyring.tokens[0].id;
        assert_eq!(
            keyring.apply(Action::Delete { id }),
            Err(ActionError::NotRevoked)
        );
        assert_eq!(keyring.tokens.len(), 2);
        keyring
            .apply(Action::Revoke { id, at: Utc::now() })
            .unwrap();
        keyring.apply(Action::Delete { id }).unwrap();
        assert_eq!(keyring.tokens.len(), 1);
        assert!(keyring.find(id).is_none());
        assert_eq!(
            keyring.apply(Action::Delete { id }),
            Err(ActionError::UnknownToken)
        );
    }

    #[test]
    fn revoke_many_revokes_the_active_ones_and_skips_the_rest() {
        let mut keyring = keyring_with(&["one", "two", "three"]);
        let ids: Vec<_> = keyring.tokens.iter().map(|t| t.id).collect();
        let earlier = Utc::now() - chrono::TimeDelta::hours(1);
        keyring
            .apply(Action::Revoke {
                id: ids[0],
                at: earlier,
            })
            .unwrap();
        let at = Utc::now();
        keyring
            .apply(Action::RevokeMany {
                ids: vec![ids[0], ids[1], Uuid::nil()],
                at,
            })
            .unwrap();
        // The one revoked before keeps its time; the third was not asked for.
        assert_eq!(keyring.tokens[0].revoked_at, Some(earlier.fixed_offset()));
        assert_eq!(keyring.tokens[1].revoked_at, Some(at.fixed_offset()));
        assert!(keyring.tokens[2].is_active());
        assert_eq!(
            keyring.apply(Action::RevokeMany {
                ids: vec![ids[0], ids[1]],
                at
            }),
            Err(ActionError::NothingToRevoke)
        );
    }

    #[test]
    fn unrevoke_restores_exactly_what_one_revoke_did() {
        let mut keyring = keyring_with(&["one", "two", "three"]);
        let ids: Vec<_> = keyring.tokens.iter().map(|t| t.id).collect();
        let before = keyring.clone();
        let earlier = Utc::now() - chrono::TimeDelta::hours(1);
        keyring
            .apply(Action::Revoke {
                id: ids[2],
                at: earlier,
            })
            .unwrap();
        let at = Utc::now();
        keyring
            .apply(Action::RevokeMany {
                ids: ids.clone(),
                at,
            })
            .unwrap();
        let revoked: Vec<_> = keyring
            .tokens
            .iter()
            .filter(|t| t.revoked_at == Some(at.fixed_offset()))
            .cloned()
            .collect();
        assert_eq!(revoked.len(), 2);
        // Another tab deletes one of them before the undo.
        keyring.apply(Action::Delete { id: ids[1] }).unwrap();
        keyring
            .apply(Action::Unrevoke {
                records: revoked.clone(),
                at,
            })
            .unwrap();
        let mut restored: Vec<_> = keyring.tokens.iter().map(|t| (**t).clone()).collect();
        restored.sort_by_key(|t| t.id);
        let mut expected: Vec<_> = before.tokens.iter().map(|t| (**t).clone()).collect();
        expected[2].revoked_at = Some(earlier.fixed_offset());
        expected.sort_by_key(|t| t.id);
        assert_eq!(
            restored, expected,
            "the earlier revoke stays, the rest is as before"
        );
        // A second undo finds nothing left to restore.
        assert_eq!(
            keyring.apply(Action::Unrevoke {
                records: revoked,
                at
            }),
            Err(ActionError::NothingToRestore)
        );
    }

    #[test]
    fn regenerate_replaces_the_secret_and_keeps_the_old_one_only_with_a_grace_period() {
        let mut keyring = keyring_with(&["one", "two"]);
        let before = (*keyring.tokens[0]).clone();
        let fresh = record("fresh", 90);
        let until = Utc::now() + chrono::TimeDelta::hours(1);
        keyring
            .apply(Action::Regenerate {
                id: before.id,
                hash: fresh.hash.clone(),
                display: fresh.display.clone(),
                grace_until: Some(until),
            })
            .unwrap();
        let after = &keyring.tokens[0];
        assert_eq!((after.id, &after.name), (before.id, &before.name));
        assert_eq!((&after.hash, &after.display), (&fresh.hash, &fresh.display));
        assert_eq!(after.expires_at, before.expires_at);
        assert_eq!(
            after.old_secrets,
            [OldSecret {
                hash: before.hash.clone(),
                until: until.fixed_offset()
            }]
        );

        // Without a grace period the old secret is gone at once.
        let other = (*keyring.tokens[1]).clone();
        let newer = record("newer", 91);
        keyring
            .apply(Action::Regenerate {
                id: other.id,
                hash: newer.hash.clone(),
                display: newer.display,
                grace_until: None,
            })
            .unwrap();
        assert!(keyring.tokens[1].old_secrets.is_empty());
        // A secret another key already has, and a revoked key, are refused.
        assert_eq!(
            keyring.apply(Action::Regenerate {
                id: other.id,
                hash: fresh.hash.clone(),
                display: String::new(),
                grace_until: None,
            }),
            Err(ActionError::DuplicateKey)
        );
        keyring
            .apply(Action::Revoke {
                id: other.id,
                at: Utc::now(),
            })
            .unwrap();
        assert_eq!(
            keyring.apply(Action::Regenerate {
                id: other.id,
                hash: record("x", 92).hash,
                display: String::new(),
                grace_until: None,
            }),
            Err(ActionError::AlreadyRevoked)
        );
    }

    #[test]
    fn ended_grace_periods_are_dropped_and_untouched_records_stay_shared() {
        let mut keyring = keyring_with(&["one", "two"]);
        let now = Utc::now();
        let id = keyring.tokens[0].id;
        for (seed, hours) in [(93, 1), (94, 48)] {
            keyring
                .apply(Action::Regenerate {
                    id,
                    hash: record("x", seed).hash,
                    display: String::new(),
                    grace_until: Some(now + chrono::TimeDelta::hours(hours)),
                })
                .unwrap();
        }
        let before = keyring.clone();
        keyring.drop_ended_old_secrets(now);
        assert!(
            Rc::ptr_eq(&keyring.tokens[0], &before.tokens[0]),
            "nothing ended yet"
        );
        keyring.drop_ended_old_secrets(now + chrono::TimeDelta::hours(1));
        assert_eq!(keyring.tokens[0].old_secrets.len(), 1);
        assert!(Rc::ptr_eq(&keyring.tokens[1], &before.tokens[1]));
        keyring.drop_ended_old_secrets(now + chrono::TimeDelta::days(3));
        assert!(keyring.tokens[0].old_secrets.is_empty());
    }

    #[test]
    fn filter_and_sort_are_column_settings_and_only_sortable_columns_sort() {
        let mut keyring = Keyring::default();
        let filter = Action::SetFilter(StatusFilter::Revoked);
        assert_eq!(filter.section(), Section::Columns);
        keyring.apply(filter).unwrap();
        assert_eq!(keyring.view.filter, StatusFilter::Revoked);
        let by_name = Sort::default().after_click(Column::Name);
        keyring.apply(Action::SetSort(by_name)).unwrap();
        assert_eq!(keyring.view.sort, by_name);
        let by_key = Sort {
            column: Column::Key,
            ..by_name
        };
        assert_eq!(
            keyring.apply(Action::SetSort(by_key)),
            Err(ActionError::NotSortable)
        );
        assert_eq!(keyring.view.sort, by_name);
    }

    #[test]
    fn column_visibility_changes_and_keeps_one_column() {
        let mut keyring = Keyring::default();
        keyring
            .apply(Action::SetColumnVisible {
                column: Column::Key,
                visible: false,
            })
            .unwrap();
        assert!(!keyring.columns.is_visible(Column::Key));
        for column in [
            Column::Name,
            Column::Created,
            Column::LastUsed,
            Column::Expires,
            Column::Status,
        ] {
            keyring
                .apply(Action::SetColumnVisible {
                    column,
                    visible: false,
                })
                .unwrap();
        }
        let err = keyring
            .apply(Action::SetColumnVisible {
                column: Column::Actions,
                visible: false,
            })
            .unwrap_err();
        assert_eq!(err, ActionError::LastColumn);
        assert_eq!(err.to_string(), "At least one column must stay visible.");
    }

    #[test]
    fn actions_know_their_section() {
        assert_eq!(
            Action::Delete { id: Uuid::nil() }.section(),
            Section::Tokens
        );
        assert_eq!(
            Action::SetColumnVisible {
                column: Column::Name,
                visible: true
            }
            .section(),
            Section::Columns
        );
    }
}
