//! Repairing changes another tab overwrote.
//!
//! Every write reads the latest stored document first, but browsers keep a per-tab copy of
//! localStorage that catches up with other tabs' writes asynchronously. Two tabs writing within
//! a few milliseconds can therefore each start from a copy without the other's change, and the
//! later write drops the earlier one. The tab whose change was dropped learns of it from the
//! `storage` event that carries the other tab's document: it keeps a [`Receipt`] of each recent
//! change, finds those the latest document lost, and applies them again.

use std::rc::Rc;

use super::state::{Action, Keyring};
use super::token::TokenRecord;

/// A change this tab saved, with what it replaced, so its loss can be recognised.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    /// The saved action.
    pub action: Action,
    /// The record as it was before the action (for renames: the old name), if it existed.
    pub before: Option<Rc<TokenRecord>>,
    /// When it was saved, in milliseconds of any monotonic clock.
    pub saved_at_ms: f64,
}

impl Receipt {
    /// A receipt for `action`, applied to `keyring` as this tab saw it.
    pub fn new(action: Action, keyring: &Keyring, saved_at_ms: f64) -> Self {
        let before = match &action {
            Action::Rename { id, .. } | Action::Revoke { id, .. } | Action::Delete { id } => {
                keyring.find(*id).cloned()
            }
            Action::Create(_) | Action::SetColumnVisible { .. } => None,
        };
        Self {
            action,
            before,
            saved_at_ms,
        }
    }

    /// Whether `latest` no longer shows this change because it was written over, rather than
    /// changed again on purpose.
    fn is_lost_in(&self, latest: &Keyring) -> bool {
        match &self.action {
            Action::Create(record) => !latest
                .tokens
                .iter()
                .any(|t| t.id == record.id || t.hash == record.hash),
            // Lost when the name is back to exactly what it was; any other name is a later
            // rename, which wins.
            Action::Rename { id, name } => match (latest.find(*id), &self.before) {
                (Some(now), Some(before)) => {
                    now.is_active() && now.name == before.name && before.name != name.as_str()
                }
                _ => false,
            },
            Action::Revoke { id, .. } => latest.find(*id).is_some_and(|t| t.is_active()),
            Action::Delete { id } => latest.find(*id).is_some(),
            // Column choices are preferences: the latest one wins.
            Action::SetColumnVisible { .. } => false,
        }
    }
}

/// The actions to apply again because `latest` lost them, oldest first.
pub fn lost_changes(latest: &Keyring, receipts: &[Receipt]) -> Vec<Action> {
    receipts
        .iter()
        .filter(|receipt| receipt.is_lost_in(latest))
        .map(|receipt| receipt.action.clone())
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::columns::Column;
    use crate::core::document::{encode_tokens, TOKENS_STORAGE_KEY};
    use crate::core::name::TokenName;
    use crate::core::persist::{commit, load, KeyValueStore, MemoryStore, StorageError};
    use crate::core::state::tests::record;
    use crate::core::unicode::NativeUnicode;
    use chrono::{DateTime, TimeZone, Utc};
    use std::cell::RefCell;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 22, 0, 0).unwrap()
    }

    /// A tab's view of a shared store whose reads may lag behind other tabs' writes.
    struct Tab<'a> {
        shared: &'a MemoryStore,
        stale: RefCell<Option<String>>,
    }

    impl<'a> Tab<'a> {
        fn new(shared: &'a MemoryStore) -> Self {
            Self {
                shared,
                stale: RefCell::new(None),
            }
        }

        /// Freezes what this tab reads at the store's current content.
        fn lag(&self) {
            *self.stale.borrow_mut() = self.shared.read(TOKENS_STORAGE_KEY).unwrap();
        }
    }

    impl KeyValueStore for Tab<'_> {
        fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
            match self.stale.borrow_mut().take() {
                Some(stale) if key == TOKENS_STORAGE_KEY => Ok(Some(stale)),
                _ => self.shared.read(key),
            }
        }

        fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
            self.shared.write(key, value)
        }
    }

    /// Commits `action` in `tab` and returns its receipt.
    fn save(tab: &Tab, action: Action) -> Receipt {
        let current = load(tab.shared, now()).keyring;
        let receipt = Receipt::new(action.clone(), &current, 0.0);
        commit(tab, &current, action, now()).unwrap();
        receipt
    }

    fn names(store: &MemoryStore) -> Vec<String> {
        load(store, now())
            .keyring
            .active()
            .map(|t| t.name.clone())
            .collect()
    }

    fn repair(tab: &Tab, receipts: &[Receipt]) {
        let latest = load(tab.shared, now()).keyring;
        for action in lost_changes(&latest, receipts) {
            let current = load(tab.shared, now()).keyring;
            commit(tab, &current, action, now()).unwrap();
        }
    }

    #[test]
    fn a_create_dropped_by_a_stale_tab_is_recreated() {
        let shared = MemoryStore::default();
        shared
            .write(TOKENS_STORAGE_KEY, &encode_tokens(&[]))
            .unwrap();
        let (a, b) = (Tab::new(&shared), Tab::new(&shared));
        b.lag();
        let created_by_a = save(&a, Action::Create(record("from a", 1)));
        save(&b, Action::Create(record("from b", 2)));
        assert_eq!(names(&shared), ["from b"], "the race really loses a's key");

        repair(&a, std::slice::from_ref(&created_by_a));
        assert_eq!(names(&shared), ["from b", "from a"]);
        // Once repaired nothing more is lost.
        assert!(lost_changes(&load(&shared, now()).keyring, &[created_by_a]).is_empty());
    }

    #[test]
    fn renames_and_revokes_dropped_by_a_stale_tab_are_applied_again() {
        let shared = MemoryStore::default();
        let (a, b) = (Tab::new(&shared), Tab::new(&shared));
        save(&a, Action::Create(record("one", 1)));
        save(&a, Action::Create(record("two", 2)));
        let ids: Vec<_> = load(&shared, now())
            .keyring
            .tokens
            .iter()
            .map(|t| t.id)
            .collect();

        b.lag();
        let rename = save(
            &a,
            Action::Rename {
                id: ids[0],
                name: TokenName::parse("uno", &NativeUnicode).unwrap(),
            },
        );
        let revoke = save(
            &a,
            Action::Revoke {
                id: ids[1],
                at: now(),
            },
        );
        save(&b, Action::Create(record("three", 3)));
        assert_eq!(names(&shared), ["one", "two", "three"]);

        repair(&a, &[rename, revoke]);
        assert_eq!(names(&shared), ["uno", "three"]);
    }

    #[test]
    fn a_later_rename_elsewhere_is_not_undone() {
        let shared = MemoryStore::default();
        let (a, b) = (Tab::new(&shared), Tab::new(&shared));
        save(&a, Action::Create(record("one", 1)));
        let id = load(&shared, now()).keyring.tokens[0].id;
        let mine = save(
            &a,
            Action::Rename {
                id,
                name: TokenName::parse("mine", &NativeUnicode).unwrap(),
            },
        );
        save(
            &b,
            Action::Rename {
                id,
                name: TokenName::parse("theirs", &NativeUnicode).unwrap(),
            },
        );
        assert!(lost_changes(&load(&shared, now()).keyring, &[mine]).is_empty());
        assert_eq!(names(&shared), ["theirs"]);
    }

    #[test]
    fn column_choices_are_never_replayed() {
        let keyring = Keyring::default();
        let receipt = Receipt::new(
            Action::SetColumnVisible {
                column: Column::Key,
                visible: false,
            },
            &keyring,
            0.0,
        );
        assert!(lost_changes(&keyring, &[receipt]).is_empty());
    }
}
