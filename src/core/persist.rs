//! Loading the stored state through a key-value store (localStorage in the browser, memory in
//! tests), and the parts of saving that do not depend on which tab saves: column settings and
//! the backup kept before an older document is replaced. Token changes are written by
//! [`super::session::Session`], which reads the latest stored document, applies the action to
//! it and writes it back: a change made in another tab is never overwritten, and a stored
//! document that cannot be read is never replaced.

use std::cell::RefCell;
use std::fmt;

use super::columns::ColumnVisibility;
use super::view::ListView;
use chrono::{DateTime, Utc};

use super::document::{
    backup_key, decode_columns, decode_tokens, encode_columns, encode_tokens, salvage_tokens,
    ColumnsDocument, DocumentError, TokensDocument, Writers, COLUMNS_STORAGE_KEY,
    TOKENS_STORAGE_KEY,
};
use super::state::{Action, ActionError, Keyring};

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
    /// A handful of entries at most: a list is all it takes.
    entries: RefCell<Vec<(String, String)>>,
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
        Ok(self
            .entries
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone()))
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let mut entries = self.entries.borrow_mut();
        if let Some(quota) = self.quota {
            let others: usize = entries
                .iter()
                .filter(|(k, _)| k != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        match entries.iter_mut().find(|(k, _)| k == key) {
            Some((_, stored)) => *stored = value.to_owned(),
            None => entries.push((key.to_owned(), value.to_owned())),
        }
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
    /// The readable state. When the token document is unreadable, `tokens` holds the records
    /// that could still be read one by one, for display only.
    pub keyring: Keyring,
    /// Set when the token records could not be read. Until it is resolved, every token
    /// change is refused so the stored text is not overwritten.
    pub tokens_problem: Option<LoadProblem>,
    /// Set when the column settings could not be read; defaults are shown instead.
    pub columns_problem: Option<LoadProblem>,
    /// Set when the stored token document was in an older format and has been upgraded.
    pub upgrade: Option<Upgrade>,
    /// Which writes the token document includes (none when nothing readable is stored), so a
    /// tab can tell whether any of its changes was lost without reading the document again.
    pub writers: Writers,
}

/// An older token document upgraded on load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    /// The version the document was stored in.
    pub from_version: u64,
    /// Where the original text was kept, or why the upgrade could not be saved (the records
    /// are then upgraded in memory only, and the next change tries again).
    pub outcome: Result<String, StorageError>,
}

/// Reads both documents from `store`, upgrading an older token document (after keeping a
/// copy of the original under a backup key). Never fails: problems are reported alongside.
pub fn load(store: &dyn KeyValueStore, now: DateTime<Utc>) -> Loaded {
    load_with(store, now, &mut decode_tokens)
}

/// [`load`], with the token text decoded by `decode`.
pub(crate) fn load_with(
    store: &dyn KeyValueStore,
    now: DateTime<Utc>,
    decode: &mut dyn FnMut(&str) -> Result<TokensDocument, DocumentError>,
) -> Loaded {
    let mut upgrade = None;
    let mut writers = Writers::default();
    let (tokens, tokens_problem) = match store.read(TOKENS_STORAGE_KEY) {
        Err(e) => (Vec::new(), Some(LoadProblem::Storage(e))),
        Ok(None) => (Vec::new(), None),
        Ok(Some(raw)) => match decode(&raw) {
            Ok(mut document) => {
                if document.was_migrated() {
                    upgrade = Some(Upgrade {
                        from_version: document.stored_version,
                        outcome: save_upgraded(store, &raw, &document, now),
                    });
                }
                writers = std::mem::take(&mut document.writers);
                (std::mem::take(&mut document.tokens), None)
            }
            Err(e) => (salvage_tokens(&raw), Some(LoadProblem::Document(e))),
        },
    };
    let ((columns, view), columns_problem) = match read_columns(store) {
        Ok(settings) => (settings, None),
        Err(problem) => (Default::default(), Some(problem)),
    };
    Loaded {
        keyring: Keyring {
            tokens,
            columns,
            view,
        },
        tokens_problem,
        columns_problem,
        upgrade,
        writers,
    }
}

/// Keeps the pre-migration text under a backup key, then writes the upgraded document (the
/// same records and writers: an upgrade is nobody's change). Returns the backup key.
fn save_upgraded(
    store: &dyn KeyValueStore,
    raw: &str,
    document: &TokensDocument,
    now: DateTime<Utc>,
) -> Result<String, StorageError> {
    let key = keep_pre_migration_copy(store, raw, document.stored_version, now)?;
    store.write(TOKENS_STORAGE_KEY, &encode_tokens(document))?;
    Ok(key)
}

/// Copies the text of a document stored in format `version` to its backup key, before
/// anything replaces it. Returns the backup key.
pub(crate) fn keep_pre_migration_copy(
    store: &dyn KeyValueStore,
    raw: &str,
    version: u64,
    now: DateTime<Utc>,
) -> Result<String, StorageError> {
    let key = backup_key(&format!("tokens-v{version}"), now);
    store.write(&key, raw)?;
    Ok(key)
}

fn read_columns(store: &dyn KeyValueStore) -> Result<(ColumnVisibility, ListView), LoadProblem> {
    match store
        .read(COLUMNS_STORAGE_KEY)
        .map_err(LoadProblem::Storage)?
    {
        None => Ok(Default::default()),
        Some(raw) => decode_columns(&raw)
            .map(|document| (document.columns, document.view))
            .map_err(LoadProblem::Document),
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

/// Applies a column change to the latest stored settings and saves them; the tokens are
/// taken from `current`. Column settings are a preference, not data: when the stored ones are
/// unreadable, the user's explicit change replaces them (the load already said they were
/// reset). Fields of the settings this version does not know are kept.
pub(crate) fn commit_columns(
    store: &dyn KeyValueStore,
    current: &Keyring,
    action: Action,
) -> Result<Keyring, CommitError> {
    let mut document = match store.read(COLUMNS_STORAGE_KEY)? {
        Some(raw) => decode_columns(&raw).unwrap_or(ColumnsDocument {
            columns: current.columns,
            view: current.view,
            ..ColumnsDocument::default()
        }),
        None => ColumnsDocument::default(),
    };
    let mut next = Keyring {
        tokens: current.tokens.clone(),
        columns: document.columns,
        view: document.view,
    };
    next.apply(action)?;
    document.columns = next.columns;
    document.view = next.view;
    store.write(COLUMNS_STORAGE_KEY, &encode_columns(&document))?;
    Ok(next)
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::columns::Column;
    use crate::core::document::{backup_key, BACKUP_KEY_PREFIX};
    use crate::core::name::TokenName;
    use crate::core::session::Session;
    use crate::core::state::tests::record;
    use crate::core::unicode::NativeUnicode;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 21, 0, 0).unwrap()
    }

    /// Saves through a session of its own: these tests are about one tab.
    fn save(
        store: &dyn KeyValueStore,
        current: &Keyring,
        action: Action,
    ) -> Result<Keyring, CommitError> {
        Session::new("tab").commit(store, current, action, now(), 0.0)
    }

    fn start_fresh(
        store: &dyn KeyValueStore,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StorageError> {
        Session::new("tab").start_fresh(store, now)
    }

    /// Every key in the store, for checking what was written.
    fn keys(store: &MemoryStore) -> Vec<String> {
        store
            .entries
            .borrow()
            .iter()
            .map(|(k, _)| k.clone())
            .collect()
    }

    fn create(store: &MemoryStore, current: &Keyring, name: &str, seed: u64) -> Keyring {
        save(store, current, Action::Create(record(name, seed))).unwrap()
    }

    #[test]
    fn an_empty_store_loads_as_an_empty_keyring_without_problems() {
        let loaded = load(&MemoryStore::default(), now());
        assert_eq!(loaded.keyring, Keyring::default());
        assert_eq!(loaded.tokens_problem, None);
        assert_eq!(loaded.columns_problem, None);
    }

    #[test]
    fn commits_are_saved_and_load_back() {
        let store = MemoryStore::default();
        let state = create(&store, &Keyring::default(), "one", 1);
        let state = save(
            &store,
            &state,
            Action::SetColumnVisible {
                column: Column::Created,
                visible: false,
            },
        )
        .unwrap();
        let loaded = load(&store, now());
        assert_eq!(loaded.keyring, state);
        assert!(!loaded.keyring.columns.is_visible(Column::Created));
    }

    #[test]
    fn a_commit_applies_to_the_latest_stored_state_not_a_stale_copy() {
        // Two tabs start from the same empty state; each creates a key.
        let store = MemoryStore::default();
        let tab_a = load(&store, now()).keyring;
        let tab_b = load(&store, now()).keyring;
        let tab_a = create(&store, &tab_a, "from a", 1);
        let tab_b = create(&store, &tab_b, "from b", 2);
        assert_eq!(tab_b.tokens.len(), 2);
        // Tab A, still stale, renames its key: B's key survives.
        let id = tab_a.tokens[0].id;
        save(
            &store,
            &tab_a,
            Action::Rename {
                id,
                name: TokenName::parse("renamed", &NativeUnicode).unwrap(),
            },
        )
        .unwrap();
        let names: Vec<_> = load(&store, now())
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
        save(&store, &state, Action::Revoke { id, at: Utc::now() }).unwrap();
        let before = store.read(TOKENS_STORAGE_KEY).unwrap();
        // A stale tab still shows the key as active and tries to revoke it again.
        let err = save(&store, &state, Action::Revoke { id, at: Utc::now() }).unwrap_err();
        assert_eq!(err, CommitError::Action(ActionError::AlreadyRevoked));
        assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), before);
    }

    #[test]
    fn an_unreadable_token_document_is_reported_and_never_overwritten() {
        let store = MemoryStore::default();
        let garbage = r#"{"version":1,"tokens":[{"oops"#;
        store.write(TOKENS_STORAGE_KEY, garbage).unwrap();
        let loaded = load(&store, now());
        assert!(matches!(
            loaded.tokens_problem,
            Some(LoadProblem::Document(DocumentError::InvalidJson(_)))
        ));
        assert!(loaded.keyring.tokens.is_empty());

        let err = save(&store, &loaded.keyring, Action::Create(record("x", 1))).unwrap_err();
        assert!(matches!(err, CommitError::Unreadable(_)));
        assert!(err.to_string().contains("nothing was saved"));
        assert_eq!(
            store.read(TOKENS_STORAGE_KEY).unwrap().as_deref(),
            Some(garbage)
        );
        // Column changes still work and leave the token document alone.
        save(
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
        let loaded = load(&store, now());
        assert!(loaded
            .tokens_problem
            .as_ref()
            .is_some_and(|p| p.to_string().contains("newer Keyward")));
        assert!(save(&store, &loaded.keyring, Action::Create(record("x", 1))).is_err());
        assert_eq!(
            store.read(TOKENS_STORAGE_KEY).unwrap().as_deref(),
            Some(newer)
        );
    }

    #[test]
    fn unreadable_column_settings_fall_back_to_defaults_until_changed() {
        let store = MemoryStore::default();
        store.write(COLUMNS_STORAGE_KEY, "{broken").unwrap();
        let loaded = load(&store, now());
        assert!(loaded.columns_problem.is_some());
        assert_eq!(loaded.keyring.columns, ColumnVisibility::default());
        // Loading again does not touch the stored text.
        assert_eq!(
            store.read(COLUMNS_STORAGE_KEY).unwrap().as_deref(),
            Some("{broken")
        );
        let state = save(
            &store,
            &loaded.keyring,
            Action::SetColumnVisible {
                column: Column::Created,
                visible: false,
            },
        )
        .unwrap();
        assert_eq!(load(&store, now()).keyring.columns, state.columns);
        assert_eq!(load(&store, now()).columns_problem, None);
    }

    #[test]
    fn a_full_store_rolls_the_change_back() {
        let store = MemoryStore::with_quota(700);
        let mut state = Keyring::default();
        let mut saved = 0;
        let err = loop {
            match save(&store, &state, Action::Create(record("filler", saved + 1))) {
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
        assert_eq!(load(&store, now()).keyring.tokens.len(), saved as usize);
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
        let loaded = load(&NoStorage, now());
        assert!(matches!(
            loaded.tokens_problem,
            Some(LoadProblem::Storage(StorageError::Unavailable(_)))
        ));
        let err = save(&NoStorage, &loaded.keyring, Action::Create(record("x", 1))).unwrap_err();
        assert!(err.to_string().contains("not available"));
    }

    fn v1_document(store: &MemoryStore) -> (String, Keyring) {
        let state = create(store, &Keyring::default(), "legacy", 9);
        let v1 = crate::core::document::tests::v1_text(&state.tokens);
        assert!(!v1.contains("expires_at"));
        store.write(TOKENS_STORAGE_KEY, &v1).unwrap();
        (v1, state)
    }

    #[test]
    fn loading_an_older_document_upgrades_it_and_keeps_the_original() {
        let store = MemoryStore::default();
        let (v1, state) = v1_document(&store);
        let loaded = load(&store, now());
        assert_eq!(loaded.tokens_problem, None);
        assert_eq!(loaded.keyring.tokens, state.tokens);
        let backup = backup_key("tokens-v1", now());
        assert_eq!(
            loaded.upgrade,
            Some(Upgrade {
                from_version: 1,
                outcome: Ok(backup.clone())
            })
        );
        assert_eq!(store.read(&backup).unwrap(), Some(v1));
        assert_eq!(
            store.read(TOKENS_STORAGE_KEY).unwrap(),
            Some(crate::core::document::tests::text_of(&state.tokens))
        );
        // Loading again finds nothing to upgrade and makes no second backup.
        let again = load(&store, now());
        assert_eq!(again.upgrade, None);
        let backups = keys(&store)
            .into_iter()
            .filter(|k| k.starts_with(BACKUP_KEY_PREFIX))
            .count();
        assert_eq!(backups, 1);
    }

    #[test]
    fn an_upgrade_that_cannot_be_saved_works_in_memory_and_the_next_commit_saves_it() {
        let store = MemoryStore::default();
        let (v1, _) = v1_document(&store);
        // Room for the document, but not for a backup copy of it next to it.
        let tight = MemoryStore::with_quota(v1.len() + TOKENS_STORAGE_KEY.len() + 10);
        tight.write(TOKENS_STORAGE_KEY, &v1).unwrap();
        let loaded = load(&tight, now());
        let upgrade = loaded.upgrade.clone().unwrap();
        assert_eq!(upgrade.outcome, Err(StorageError::QuotaExceeded));
        assert_eq!(loaded.keyring.tokens.len(), 1);
        assert_eq!(tight.read(TOKENS_STORAGE_KEY).unwrap(), Some(v1.clone()));
        // A change cannot be saved either without the backup: it is refused, v1 stays.
        let err = save(&tight, &loaded.keyring, Action::Create(record("new", 4))).unwrap_err();
        assert_eq!(err, CommitError::Storage(StorageError::QuotaExceeded));
        assert_eq!(tight.read(TOKENS_STORAGE_KEY).unwrap(), Some(v1.clone()));
        // With room, the commit keeps the original first, then writes the new version.
        let roomy = MemoryStore::default();
        roomy.write(TOKENS_STORAGE_KEY, &v1).unwrap();
        let next = save(&roomy, &loaded.keyring, Action::Create(record("new", 4))).unwrap();
        assert_eq!(next.tokens.len(), 2);
        assert_eq!(
            roomy.read(&backup_key("tokens-v1", now())).unwrap(),
            Some(v1)
        );
        assert!(
            !decode_tokens(&roomy.read(TOKENS_STORAGE_KEY).unwrap().unwrap())
                .unwrap()
                .was_migrated()
        );
    }

    #[test]
    fn an_unreadable_document_shows_what_can_be_salvaged() {
        let store = MemoryStore::default();
        let state = create(&store, &Keyring::default(), "one", 1);
        let state = create(&store, &state, "two", 2);
        let raw = store.read(TOKENS_STORAGE_KEY).unwrap().unwrap();
        let broken = raw.replacen("\"name\":\"one\"", "\"name\":null", 1);
        store.write(TOKENS_STORAGE_KEY, &broken).unwrap();
        let loaded = load(&store, now());
        assert!(loaded.tokens_problem.is_some());
        assert_eq!(loaded.keyring.tokens.len(), 1);
        assert_eq!(loaded.keyring.tokens[0], state.tokens[1]);
        assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), Some(broken));
    }

    #[test]
    fn start_fresh_keeps_the_unreadable_text_before_writing_an_empty_store() {
        let store = MemoryStore::default();
        store.write(TOKENS_STORAGE_KEY, "{garbage").unwrap();
        let key = start_fresh(&store, now()).unwrap().unwrap();
        assert_eq!(key, backup_key("unreadable", now()));
        assert_eq!(store.read(&key).unwrap().as_deref(), Some("{garbage"));
        let loaded = load(&store, now());
        assert_eq!(loaded.tokens_problem, None);
        assert!(loaded.keyring.tokens.is_empty());
        create(&store, &loaded.keyring, "after", 3);
    }

    #[test]
    fn start_fresh_without_room_for_the_backup_changes_nothing() {
        let garbage = "x".repeat(500);
        let store = MemoryStore::with_quota(600);
        store.write(TOKENS_STORAGE_KEY, &garbage).unwrap();
        assert_eq!(start_fresh(&store, now()), Err(StorageError::QuotaExceeded));
        assert_eq!(store.read(TOKENS_STORAGE_KEY).unwrap(), Some(garbage));
        assert_eq!(keys(&store), [TOKENS_STORAGE_KEY]);
    }

    #[test]
    fn start_fresh_leaves_a_readable_document_alone() {
        let store = MemoryStore::default();
        let state = create(&store, &Keyring::default(), "keep me", 1);
        assert_eq!(start_fresh(&store, now()), Ok(None));
        assert_eq!(load(&store, now()).keyring, state);
        assert_eq!(keys(&store), [TOKENS_STORAGE_KEY]);
    }
}
