//! Loading and saving a [`Keyring`] through a key-value store (localStorage in the browser,
//! memory in tests).
//!
//! Every write goes through [`commit`], which reads the latest stored document, applies the
//! action to it and writes it back: a change made in another tab is never overwritten, and a
//! stored document that cannot be read is never replaced.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

use super::columns::ColumnVisibility;
use super::document::{
    decode_columns, decode_tokens, encode_columns, encode_tokens, DocumentError,
    COLUMNS_STORAGE_KEY, TOKENS_STORAGE_KEY,
};
use super::state::{Action, ActionError, Keyring, Section};
use super::token::TokenRecord;

/// A place to keep strings under string keys.
pub trait KeyValueStore {
    /// The value under `key`, or `None` when nothing is stored there.
    fn read(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Stores `value` under `key`, replacing what was there.
    fn write(&self, key: &str, value: &str) -> Result<(), StorageError>;
}

/// Why the store could not read or write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// There is no storage (blocked by the browser, disabled, a sandboxed frame).
    Unavailable(String),
    /// The store is full.
    QuotaExceeded,
    /// Any other failure, with the browser's message.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(reason) => {
                write!(f, "The browser's storage is not available ({reason}).")
            }
            Self::QuotaExceeded => f.write_str("The browser's storage for this site is full."),
            Self::Failed(reason) => write!(f, "The browser's storage failed ({reason})."),
        }
    }
}

impl std::error::Error for StorageError {}

/// A store that lives in memory, with an optional size limit (in bytes of keys and values)
/// to imitate a full localStorage.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: RefCell<BTreeMap<String, String>>,
    quota: Option<usize>,
}

impl MemoryStore {
    /// An empty store that holds at most `quota` bytes.
    pub fn with_quota(quota: usize) -> Self {
        Self {
            entries: RefCell::default(),
            quota: Some(quota),
        }
    }
}

impl KeyValueStore for MemoryStore {
    fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.entries.borrow().get(key).cloned())
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let mut entries = self.entries.borrow_mut();
        if let Some(quota) = self.quota {
            let others: usize = entries
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        entries.insert(key.to_owned(), value.to_owned());
        Ok(())
    }
}

/// Why a stored document could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// The store itself failed.
    Storage(StorageError),
    /// The stored text is unreadable; it is left untouched.
    Document(DocumentError),
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Storage(e) => e.fmt(f),
            Self::Document(e) => e.fmt(f),
        }
    }
}

/// The result of [`load`]: what could be read, and what could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The readable state; sections that failed are empty or default.
    pub keyring: Keyring,
    /// Set when the token records could not be read. Until it is resolved, every token
    /// change is refused so the stored text is not overwritten.
    pub tokens_problem: Option<LoadProblem>,
    /// Set when the column settings could not be read; defaults are shown instead.
    pub columns_problem: Option<LoadProblem>,
}

/// Reads both documents from `store`. Never fails: problems are reported alongside.
pub fn load(store: &dyn KeyValueStore) -> Loaded {
    let (tokens, tokens_problem) = match read_tokens(store) {
        Ok(tokens) => (tokens, None),
        Err(problem) => (Vec::new(), Some(problem)),
    };
    let (columns, columns_problem) = match read_columns(store) {
        Ok(columns) => (columns, None),
        Err(problem) => (ColumnVisibility::default(), Some(problem)),
    };
    Loaded {
        keyring: Keyring { tokens, columns },
        tokens_problem,
        columns_problem,
    }
}

fn read_tokens(store: &dyn KeyValueStore) -> Result<Vec<Rc<TokenRecord>>, LoadProblem> {
    match store
        .read(TOKENS_STORAGE_KEY)
        .map_err(LoadProblem::Storage)?
    {
        None => Ok(Vec::new()),
        Some(raw) => decode_tokens(&raw).map_err(LoadProblem::Document),
    }
}

fn read_columns(store: &dyn KeyValueStore) -> Result<ColumnVisibility, LoadProblem> {
    match store
        .read(COLUMNS_STORAGE_KEY)
        .map_err(LoadProblem::Storage)?
    {
        None => Ok(ColumnVisibility::default()),
        Some(raw) => decode_columns(&raw).map_err(LoadProblem::Document),
    }
}

/// Why a change was not saved. Nothing was written when this is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommitError {
    /// The action does not apply to the latest stored state.
    Action(ActionError),
    /// The store could not be read or written.
    Storage(StorageError),
    /// The stored token document cannot be read, so it is not overwritten.
    Unreadable(DocumentError),
}

impl fmt::Display for CommitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Action(e) => e.fmt(f),
            Self::Storage(e) => write!(f, "{e} The change was not saved."),
            Self::Unreadable(e) => write!(
                f,
                "Your stored keys could not be read, so nothing was saved to avoid \
                 overwriting them. {e}"
            ),
        }
    }
}

impl std::error::Error for CommitError {}

impl From<ActionError> for CommitError {
    fn from(e: ActionError) -> Self {
        Self::Action(e)
    }
}

impl From<StorageError> for CommitError {
    fn from(e: StorageError) -> Self {
        Self::Storage(e)
    }
}

/// Applies `action` to the latest stored state and saves it, returning the new state.
///
/// Only the section the action changes is re-read and rewritten; the other section is taken
/// from `current`. On any error nothing is written.
pub fn commit(
    store: &dyn KeyValueStore,
    current: &Keyring,
    action: Action,
) -> Result<Keyring, CommitError> {
    match action.section() {
        Section::Tokens => {
            let tokens = match store.read(TOKENS_STORAGE_KEY)? {
                None => Vec::new(),
                Some(raw) => decode_tokens(&raw).map_err(CommitError::Unreadable)?,
            };
            let mut next = Keyring {
                tokens,
                columns: current.columns.clone(),
            };
            next.apply(action)?;
            store.write(TOKENS_STORAGE_KEY, &encode_tokens(&next.tokens))?;
            Ok(next)
        }
        Section::Columns => {
            // Column settings are a preference, not data: when the stored ones are unreadable,
            // the user's explicit change replaces them (the load already said they were reset).
            let columns = match store.read(COLUMNS_STORAGE_KEY)? {
                Some(raw) => decode_columns(&raw).unwrap_or_else(|_| current.columns.clone()),
                None => ColumnVisibility::default(),
            };
            let mut next = Keyring {
                tokens: current.tokens.clone(),
                columns,
            };
            next.apply(action)?;
            store.write(COLUMNS_STORAGE_KEY, &encode_columns(&next.columns))?;
            Ok(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::columns::Column;
    use crate::core::name::TokenName;
    use crate::core::state::tests::record;
    use chrono::Utc;

    fn create(store: &MemoryStore, current: &Keyring, name: &str, seed: u64) -> Keyring {
        commit(store, current, Action::Create(record(name, seed))).unwrap()
    }

    #[test]
    fn an_empty_store_loads_as_an_empty_keyring_without_problems() {
        let loaded = load(&MemoryStore::default());
        assert_eq!(loaded.keyring, Keyring::default());
        assert_eq!(loaded.tokens_problem, None);
        assert_eq!(loaded.columns_problem, None);
    }

    #[test]
    fn commits_are_saved_and_load_back() {
        let store = MemoryStore::default();
        let state = create(&store, &Keyring::default(), "one", 1);
        let state = commit(
            &store,
            &state,
            Action::SetColumnVisible {
                column: Column::Created,
                visible: false,
            },
        )
        .unwrap();
        let loaded = load(&store);
        assert_eq!(loaded.keyring, state);
        assert!(!loaded.keyring.columns.is_visible(Column::Created));
    }

    #[test]
    fn a_commit_applies_to_the_latest_stored_state_not_a_stale_copy() {
        // Two tabs start from the same empty state; each creates a key.
        let store = MemoryStore::default();
        let tab_a = load(&store).keyring;
        let tab_b = load(&store).keyring;
        let tab_a = create(&store, &tab_a, "from a", 1);
        let tab_b = create(&store, &tab_b, "from b", 2);
        assert_eq!(tab_b.tokens.len(), 2);
        // Tab A, still stale, renames its key: B's key survives.
        let id = tab_a.tokens[0].id;
        commit(
            &store,
            &tab_a,
            Action::Rename {
                id,
                name: TokenName::parse("renamed").unwrap(),
            },
        )
        .unwrap();
        let names: Vec<_> = load(&store)
            .keyring
            .tokens
            .iter()
            .map(|t| t.name.clone())
            .collect();
        assert_eq!(names, ["renamed", "from b"]);
    }

    #[test]
    fn an_action_refused_by_the_latest_state_writes_nothing() {
        let store = MemoryStore::default();
        let state = create(&store, &Keyring::default(), "one", 1);
        let id = state.tokens[0].id;
        commit(&store, &state, Action::Revoke { id, at: Utc::now() }).unwrap();
        let before = store.read(TOKENS_STORAGE_KEY).unwrap();
        // A stale tab still shows the key as active and tries to revoke it again.
        let err = commit(&store, &state, Action::Revoke { id, at: Utc::now() }).unwrap_err();
        assert_eq!(err, CommitError::Action(ActionError::AlreadyRevoked));
        assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), before);
    }

    #[test]
    fn an_unreadable_token_document_is_reported_and_never_overwritten() {
        let store = MemoryStore::default();
        let garbage = r#"{"version":1,"tokens":[{"oops"#;
        store.write(TOKENS_STORAGE_KEY, garbage).unwrap();
        let loaded = load(&store);
        assert!(matches!(
            loaded.tokens_problem,
            Some(LoadProblem::Document(DocumentError::InvalidJson(_)))
        ));
        assert!(loaded.keyring.tokens.is_empty());

        let err = commit(&store, &loaded.keyring, Action::Create(record("x", 1))).unwrap_err();
        assert!(matches!(err, CommitError::Unreadable(_)));
        assert!(err.to_string().contains("nothing was saved"));
        assert_eq!(
            store.read(TOKENS_STORAGE_KEY).unwrap().as_deref(),
            Some(garbage)
        );
        // Column changes still work and leave the token document alone.
        commit(
            &store,
            &loaded.keyring,
            Action::SetColumnVisible {
                column: Column::Key,
                visible: false,
            },
        )
        .unwrap();
        assert_eq!(
            store.read(TOKENS_STORAGE_KEY).unwrap().as_deref(),
            Some(garbage)
        );
    }

    #[test]
    fn a_newer_version_is_not_overwritten() {
        let store = MemoryStore::default();
        let newer = r#"{"version":7,"tokens":[],"future":true}"#;
        store.write(TOKENS_STORAGE_KEY, newer).unwrap();
        let loaded = load(&store);
        assert!(loaded
            .tokens_problem
            .as_ref()
            .is_some_and(|p| p.to_string().contains("newer Keyward")));
        assert!(commit(&store, &loaded.keyring, Action::Create(record("x", 1))).is_err());
        assert_eq!(
            store.read(TOKENS_STORAGE_KEY).unwrap().as_deref(),
            Some(newer)
        );
    }

    #[test]
    fn unreadable_column_settings_fall_back_to_defaults_until_changed() {
        let store = MemoryStore::default();
        store.write(COLUMNS_STORAGE_KEY, "{broken").unwrap();
        let loaded = load(&store);
        assert!(loaded.columns_problem.is_some());
        assert_eq!(loaded.keyring.columns, ColumnVisibility::default());
        // Loading again does not touch the stored text.
        assert_eq!(
            store.read(COLUMNS_STORAGE_KEY).unwrap().as_deref(),
            Some("{broken")
        );
        let state = commit(
            &store,
            &loaded.keyring,
            Action::SetColumnVisible {
                column: Column::Created,
                visible: false,
            },
        )
        .unwrap();
        assert_eq!(load(&store).keyring.columns, state.columns);
        assert_eq!(load(&store).columns_problem, None);
    }

    #[test]
    fn a_full_store_rolls_the_change_back() {
        let store = MemoryStore::with_quota(700);
        let mut state = Keyring::default();
        let mut saved = 0;
        let err = loop {
            match commit(&store, &state, Action::Create(record("filler", saved + 1))) {
                Ok(next) => {
                    state = next;
                    saved += 1;
                }
                Err(err) => break err,
            }
        };
        assert!(saved >= 1);
        assert_eq!(err, CommitError::Storage(StorageError::QuotaExceeded));
        assert!(err.to_string().contains("full"));
        assert_eq!(load(&store).keyring.tokens.len(), saved as usize);
    }

    struct NoStorage;

    impl KeyValueStore for NoStorage {
        fn read(&self, _: &str) -> Result<Option<String>, StorageError> {
            Err(StorageError::Unavailable("access denied".into()))
        }
        fn write(&self, _: &str, _: &str) -> Result<(), StorageError> {
            Err(StorageError::Unavailable("access denied".into()))
        }
    }

    #[test]
    fn missing_storage_is_reported_on_load_and_commit() {
        let loaded = load(&NoStorage);
        assert!(matches!(
            loaded.tokens_problem,
            Some(LoadProblem::Storage(StorageError::Unavailable(_)))
        ));
        let err = commit(&NoStorage, &loaded.keyring, Action::Create(record("x", 1))).unwrap_err();
        assert!(err.to_string().contains("not available"));
    }
}
