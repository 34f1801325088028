//! One tab's writes to the shared store: the single write path for token changes, and the
//! repair of changes another tab overwrote without having seen them.
//!
//! Browsers keep a per-tab copy of localStorage that catches up with other tabs' writes
//! asynchronously. Two tabs writing within a few milliseconds can therefore each start from a
//! copy without the other's change, and the later write drops the earlier one. Reading the
//! latest document before writing cannot prevent that; the document must say what it was built
//! on. Each tab counts its writes, and every document carries, per recent writer, how many of
//! its writes it includes ([`Writers`]). A tab keeps a receipt of each change it made in the
//! last [`RECEIPT_LIFETIME_MS`], with the numbers of its own writes whose documents include
//! the change; the change is lost only when the latest document was built on none of those.
//! Whatever a writer did to a change it had seen (rename it back, revoke, delete, start fresh)
//! was deliberate and stands.
//!
//! Every write reads the stored text again, but decodes it only when it is not the document
//! the tab last read or wrote: the most recent writer entry at the start of the text
//! ([`Writers::written_start`]) names one write, so an unchanged document costs a look at its
//! first bytes instead of a decode of megabytes. A document without that entry (an older
//! build's, one edited by hand) is always decoded.

use chrono::{DateTime, Utc};

use super::document::{
    backup_key, decode_tokens, encode_tokens, salvage_writers, starts_with_entry, DocumentError,
    TokensDocument, Writers, TOKENS_STORAGE_KEY, TOKENS_VERSION,
};
use super::key::{RandomError, RandomSource};
use super::persist::{
    commit_columns, keep_pre_migration_copy, load_with, CommitError, KeyValueStore, Loaded,
};
use super::state::{Action, Keyring, Section};
use super::StorageError;

/// How long a change is watched for being overwritten by another tab. Tabs catch up with each
/// other within milliseconds; this is the window in which a stale tab can still write.
pub const RECEIPT_LIFETIME_MS: f64 = 10_000.0;

/// A change this tab saved, and which of this tab's writes include it.
#[derive(Debug, Clone, PartialEq)]
struct Receipt {
    action: Action,
    /// The numbers of this tab's writes whose document includes the change, as inclusive
    /// ranges: the write that made it, each later write built on one of these, and each write
    /// that applied it again. A write is missing while the change was lost and did not apply
    /// (say, another tab's unseen write also dropped the key it renames): the change is then
    /// tried again with every later write until it applies or expires.
    included_in: Vec<(u64, u64)>,
    /// When the change was first saved, in milliseconds of any monotonic clock.
    saved_at_ms: f64,
}

impl Receipt {
    /// Whether a document built on this tab's write number `write` includes the change.
    fn is_included_in(&self, write: u64) -> bool {
        self.included_in
            .iter()
            .any(|&(first, last)| (first..=last).contains(&write))
    }

    /// Notes that this tab's write number `write` (its newest) includes the change.
    fn include(&mut self, write: u64) {
        match self.included_in.last_mut() {
            Some((_, last)) if *last + 1 == write => *last = write,
            _ => self.included_in.push((write, write)),
        }
    }
}

/// The token document a tab last read or wrote, decoded, and what names its stored text.
#[derive(Debug, Clone)]
struct LastRead {
    /// How the text starts, up to its most recent writer entry ([`Writers::written_start`]).
    start: String,
    /// The text's length: a second, free check that it is the same text.
    len: usize,
    document: TokensDocument,
}

impl LastRead {
    /// Remembers `document`, stored as a text of `len` bytes in the current format; `None` when
    /// it has no writers to recognise it by.
    fn of(document: TokensDocument, len: usize) -> Option<Self> {
        let start = document.writers.written_start()?;
        (!document.was_migrated()).then_some(Self {
            start,
            len,
            document,
        })
    }

    /// Whether `raw` is the text of this document.
    fn is_of(&self, raw: &str) -> bool {
        raw.len() == self.len && starts_with_entry(raw, &self.start)
    }
}

/// One tab's side of the shared store: its writer id, how many times it wrote, the changes it
/// is still watching, and the document it last read or wrote.
#[derive(Debug, Clone)]
pub struct Session {
    writer: String,
    writes: u64,
    receipts: Vec<Receipt>,
    last_read: Option<LastRead>,
}

impl Session {
    /// A session writing as `writer`, which must differ from every other tab's.
    pub fn new(writer: impl Into<String>) -> Self {
        Self {
            writer: writer.into(),
            writes: 0,
            receipts: Vec::new(),
            last_read: None,
        }
    }

    /// A session with a random 96-bit writer id.
    pub fn with_random_id(random: &mut dyn RandomSource) -> Result<Self, RandomError> {
        let mut bytes = [0u8; 12];
        random.fill(&mut bytes)?;
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self::new(id))
    }

    /// Reads both stored documents, as [`super::persist::load`] does, and remembers the token
    /// document read, so that the next write need not decode it again when nothing changed.
    /// The text is always decoded: a load follows a change in another tab, or starts the tab.
    pub fn load(&mut self, store: &dyn KeyValueStore, now: DateTime<Utc>) -> Loaded {
        load_with(store, now, &mut |raw| {
            let document = decode_tokens(raw)?;
            self.last_read = LastRead::of(document.clone(), raw.len());
            Ok(document)
        })
    }

    /// The stored token text `raw`, decoded, or the document this tab last read or wrote when
    /// `raw` is its text.
    fn read_tokens(&mut self, raw: &str) -> Result<TokensDocument, DocumentError> {
        match self.last_read.take_if(|last| last.is_of(raw)) {
            Some(last) => Ok(last.document),
            None => decode_tokens(raw),
        }
    }

    /// How many of this tab's changes are being watched.
    pub fn watched(&self) -> usize {
        self.receipts.len()
    }

    /// Applies `action` to the latest stored state and saves it, returning the new state.
    ///
    /// Token changes first re-apply any change of this tab the stored document lost, then apply
    /// `action`, and write once. Column changes re-read and rewrite only the column settings.
    /// On any error nothing is written.
    ///
    /// A token document still in an older format (its upgrade on load could not be saved) is
    /// upgraded here, and its original text kept under a backup key before it is replaced.
    pub fn commit(
        &mut self,
        store: &dyn KeyValueStore,
        current: &Keyring,
        action: Action,
        now: DateTime<Utc>,
        now_ms: f64,
    ) -> Result<Keyring, CommitError> {
        match action.section() {
            Section::Columns => commit_columns(store, current, action),
            Section::Tokens => {
                let written = self.write_tokens(store, current, Some(action), now, now_ms)?;
                // A write with an action always happens; `None` cannot come back.
                Ok(written.unwrap_or_else(|| current.clone()))
            }
        }
    }

    /// Whether a document that includes `writers` lost a change of this tab that is still
    /// watched at `now_ms`: the cheap check before [`Session::repair`], which reads the
    /// document again.
    pub fn has_lost_changes(&self, writers: &Writers, now_ms: f64) -> bool {
        let base = writers.count_of(&self.writer);
        self.receipts.iter().any(|receipt| {
            now_ms - receipt.saved_at_ms < RECEIPT_LIFETIME_MS && !receipt.is_included_in(base)
        })
    }

    /// Applies again, in one write, the changes of this tab that the latest stored document
    /// lost without its writer having seen them. Writes nothing and returns `None` when none
    /// were lost (or none still applies).
    pub fn repair(
        &mut self,
        store: &dyn KeyValueStore,
        current: &Keyring,
        now: DateTime<Utc>,
        now_ms: f64,
    ) -> Result<Option<Keyring>, CommitError> {
        self.write_tokens(store, current, None, now, now_ms)
    }

    /// Sets an unreadable token document aside: its text goes under a backup key first, and
    /// only then is an empty document written. Returns the backup key. Does nothing when the
    /// stored document has become readable meanwhile (another tab, a newer Keyward), so readable
    /// data is never set aside. The new document keeps the writers the old one recorded, so
    /// changes it had included count as seen; and every change of this tab counts as seen by
    /// this write, since the person who chose to start fresh saw what they set aside.
    pub fn start_fresh(
        &mut self,
        store: &dyn KeyValueStore,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StorageError> {
        let (set_aside, writers) = match store.read(TOKENS_STORAGE_KEY)? {
            None => (None, Writers::default()),
            Some(raw) if decode_tokens(&raw).is_ok() => return Ok(None),
            Some(raw) => {
                let key = backup_key("unreadable", now);
                store.write(&key, &raw)?;
                (Some(key), salvage_writers(&raw))
            }
        };
        let document = TokensDocument {
            writers,
            ..TokensDocument::default()
        };
        let write = self.write_document(store, document)?;
        for receipt in &mut self.receipts {
            receipt.include(write);
        }
        Ok(set_aside)
    }

    /// The token write path: read, re-apply lost changes, apply `action`, write once.
    fn write_tokens(
        &mut self,
        store: &dyn KeyValueStore,
        current: &Keyring,
        action: Option<Action>,
        now: DateTime<Utc>,
        now_ms: f64,
    ) -> Result<Option<Keyring>, CommitError> {
        self.receipts
            .retain(|r| now_ms - r.saved_at_ms < RECEIPT_LIFETIME_MS);
        let raw = store.read(TOKENS_STORAGE_KEY)?;
        let mut document = match &raw {
            None => TokensDocument::default(),
            Some(raw) => self.read_tokens(raw).map_err(CommitError::Unreadable)?,
        };
        let mut next = Keyring {
            tokens: std::mem::take(&mut document.tokens),
            columns: current.columns,
            view: current.view,
        };
        // Changes whose write the document does not include were dropped unseen: apply them
        // again, oldest first, those that still apply.
        let base = document.writers.count_of(&self.writer);
        let carried: Vec<bool> = self
            .receipts
            .iter()
            .map(|receipt| {
                !receipt.is_included_in(base) && next.apply(receipt.action.clone()).is_ok()
            })
            .collect();
        if action.is_none() && !carried.contains(&true) {
            return Ok(None);
        }
        if let Some(action) = &action {
            next.apply(action.clone())?;
        }
        // Old secrets whose grace period has ended leave with this write.
        next.drop_ended_old_secrets(now);
        if let (Some(raw), true) = (&raw, document.was_migrated()) {
            keep_pre_migration_copy(store, raw, document.stored_version, now)?;
        }
        document.tokens = next.tokens.clone();
        let write = self.write_document(store, document)?;
        for (receipt, carried) in self.receipts.iter_mut().zip(carried) {
            if carried || receipt.is_included_in(base) {
                receipt.include(write);
            }
        }
        if let Some(action) = action {
            self.receipts.push(Receipt {
                action,
                included_in: vec![(write, write)],
                saved_at_ms: now_ms,
            });
        }
        Ok(Some(next))
    }

    /// Writes `document` as this tab's next write, remembers it, and returns the write's
    /// number.
    fn write_document(
        &mut self,
        store: &dyn KeyValueStore,
        mut document: TokensDocument,
    ) -> Result<u64, StorageError> {
        let write = self.writes + 1;
        document.writers.record(&self.writer, write);
        document.stored_version = TOKENS_VERSION;
        let text = encode_tokens(&document);
        store.write(TOKENS_STORAGE_KEY, &text)?;
        self.writes = write;
        self.last_read = LastRead::of(document, text.len());
        Ok(write)
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::document::tests::text_of;
    use crate::core::name::TokenName;
    use crate::core::persist::{load, MemoryStore};
    use crate::core::state::tests::record;
    use crate::core::token::TokenRecord;
    use crate::core::unicode::NativeUnicode;
    use chrono::TimeZone;
    use std::cell::RefCell;
    use std::rc::Rc;
    use uuid::Uuid;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 22, 0, 0).unwrap()
    }

    /// A tab: its session, and a view of the shared store whose next read can be held back at
    /// an older content (as a browser's per-tab copy of localStorage lags behind).
    struct Tab<'a> {
        shared: &'a MemoryStore,
        stale: RefCell<Option<Option<String>>>,
        session: Session,
    }

    impl<'a> Tab<'a> {
        fn new(shared: &'a MemoryStore, id: &str) -> Self {
            Self {
                shared,
                stale: RefCell::new(None),
                session: Session::new(id),
            }
        }

        /// Makes this tab's next read of the tokens return what is stored now.
        fn lag(&self) {
            *self.stale.borrow_mut() = Some(self.shared.read(TOKENS_STORAGE_KEY).unwrap());
        }

        fn view(&self) -> TabView<'_> {
            TabView(self)
        }

        fn shows(&self) -> Keyring {
            load(self.shared, now()).keyring
        }

        fn act(&mut self, action: Action) -> Result<Keyring, CommitError> {
            let current = self.shows();
            let view = TabView(self);
            let mut session = self.session.clone();
            let result = session.commit(&view, &current, action, now(), 0.0);
            self.session = session;
            result
        }

        /// What the `storage` event handler does: repair, writing only when needed.
        fn sync(&mut self) -> Option<Keyring> {
            let current = self.shows();
            let view = TabView(self);
            let mut session = self.session.clone();
            let result = session.repair(&view, &current, now(), 0.0).unwrap();
            self.session = session;
            result
        }
    }

    struct TabView<'a>(&'a Tab<'a>);

    impl KeyValueStore for TabView<'_> {
        fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
            if key == TOKENS_STORAGE_KEY {
                if let Some(stale) = self.0.stale.borrow_mut().take() {
                    return Ok(stale);
                }
            }
            self.0.shared.read(key)
        }

        fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
            self.0.shared.write(key, value)
        }
    }

    fn names(store: &MemoryStore) -> Vec<String> {
        load(store, now())
            .keyring
            .active()
            .map(|t| t.name.clone())
            .collect()
    }

    fn rename(id: Uuid, name: &str) -> Action {
        Action::Rename {
            id,
            name: TokenName::parse(name, &NativeUnicode).unwrap(),
        }
    }

    fn only_id(store: &MemoryStore) -> Uuid {
        load(store, now()).keyring.tokens[0].id
    }

    #[test]
    fn a_create_dropped_by_a_stale_tab_is_recreated_once() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        b.lag();
        a.act(Action::Create(record("from a", 1))).unwrap();
        b.act(Action::Create(record("from b", 2))).unwrap();
        assert_eq!(names(&shared), ["from b"], "the race really loses a's key");

        let watched = a.session.watched();
        let lost_in = |store: &MemoryStore| load(store, now()).writers;
        assert!(a.session.has_lost_changes(&lost_in(&shared), 0.0));
        assert!(!b.session.has_lost_changes(&lost_in(&shared), 0.0));
        assert!(
            !a.session
                .has_lost_changes(&lost_in(&shared), RECEIPT_LIFETIME_MS),
            "not once the change is no longer watched"
        );
        assert!(a.sync().is_some());
        assert!(!a.session.has_lost_changes(&lost_in(&shared), 0.0));
        assert_eq!(names(&shared), ["from b", "from a"]);
        assert_eq!(
            a.session.watched(),
            watched,
            "re-applying makes no new receipt"
        );
        // Once repaired, neither tab writes again.
        let stored = shared.read(TOKENS_STORAGE_KEY).unwrap();
        assert!(a.sync().is_none());
        assert!(b.sync().is_none());
        assert_eq!(shared.read(TOKENS_STORAGE_KEY).unwrap(), stored);
    }

    #[test]
    fn renames_and_revokes_dropped_by_a_stale_tab_are_applied_again_in_one_write() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        a.act(Action::Create(record("one", 1))).unwrap();
        a.act(Action::Create(record("two", 2))).unwrap();
        let ids: Vec<_> = a.shows().tokens.iter().map(|t| t.id).collect();

        b.lag();
        a.act(rename(ids[0], "uno")).unwrap();
        a.act(Action::Revoke {
            id: ids[1],
            at: now(),
        })
        .unwrap();
        b.act(Action::Create(record("three", 3))).unwrap();
        assert_eq!(names(&shared), ["one", "two", "three"]);

        a.sync().unwrap();
        assert_eq!(names(&shared), ["uno", "three"]);
        let writers = decode_tokens(&shared.read(TOKENS_STORAGE_KEY).unwrap().unwrap())
            .unwrap()
            .writers;
        assert_eq!(
            writers.count_of("a"),
            5,
            "two creates, a rename, a revoke, one repair"
        );
    }

    #[test]
    fn a_rename_undone_by_a_tab_that_saw_it_stays_undone_and_nobody_writes_again() {
        // The steps of the reported loop: A renames alpha to bravo; B, showing bravo, renames
        // it back to alpha.
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        a.act(Action::Create(record("alpha", 1))).unwrap();
        let id = only_id(&shared);
        a.act(rename(id, "bravo")).unwrap();
        assert!(b.sync().is_none());
        b.act(rename(id, "alpha")).unwrap();
        let stored = shared.read(TOKENS_STORAGE_KEY).unwrap();
        for _ in 0..3 {
            assert!(a.sync().is_none(), "A must not bring bravo back");
            assert!(b.sync().is_none());
        }
        assert_eq!(shared.read(TOKENS_STORAGE_KEY).unwrap(), stored);
        assert_eq!(names(&shared), ["alpha"]);
    }

    #[test]
    fn a_revoke_by_a_tab_that_saw_a_rename_stands() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        a.act(Action::Create(record("x", 1))).unwrap();
        let id = only_id(&shared);
        a.act(rename(id, "y")).unwrap();
        b.act(Action::Revoke { id, at: now() }).unwrap();
        assert!(a.sync().is_none());
        assert!(names(&shared).is_empty());
        // A stale revoke of a rename A made unseen: the rename no longer applies, so A gives it
        // up instead of writing.
        a.act(Action::Create(record("z", 2))).unwrap();
        let z = a.shows().active().next().unwrap().id;
        b.lag();
        a.act(rename(z, "zz")).unwrap();
        b.act(Action::Revoke { id: z, at: now() }).unwrap();
        assert!(
            a.sync().is_none(),
            "a rename of a revoked key does not apply"
        );
        assert!(a.sync().is_none());
    }

    #[test]
    fn a_later_rename_elsewhere_is_not_undone() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        a.act(Action::Create(record("one", 1))).unwrap();
        let id = only_id(&shared);
        a.act(rename(id, "mine")).unwrap();
        b.act(rename(id, "theirs")).unwrap();
        assert!(a.sync().is_none());
        assert_eq!(names(&shared), ["theirs"]);
    }

    #[test]
    fn a_lost_change_is_reapplied_before_the_next_action_in_the_same_write() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        b.lag();
        a.act(Action::Create(record("first", 1))).unwrap();
        b.act(Action::Create(record("other", 2))).unwrap();
        // A acts again before its storage event arrives: the write carries both changes.
        a.act(Action::Create(record("second", 3))).unwrap();
        assert_eq!(names(&shared), ["other", "first", "second"]);
        assert!(a.sync().is_none());
        assert!(b.sync().is_none());
    }

    #[test]
    fn start_fresh_of_a_document_that_included_a_change_is_deliberate() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        a.act(Action::Create(record("kept", 1))).unwrap();
        // Another tool breaks the document but keeps its writers: it had seen A's key.
        let text = shared.read(TOKENS_STORAGE_KEY).unwrap().unwrap();
        let broken = text.replacen("\"name\":\"kept\"", "\"name\":7", 1);
        shared.write(TOKENS_STORAGE_KEY, &broken).unwrap();
        assert!(b.session.start_fresh(&shared, now()).unwrap().is_some());
        assert!(a.sync().is_none(), "the key was set aside on purpose");
        assert!(names(&shared).is_empty());
    }

    #[test]
    fn start_fresh_that_never_saw_a_fresh_create_does_not_lose_it() {
        let shared = MemoryStore::default();
        shared.write(TOKENS_STORAGE_KEY, "{garbage").unwrap();
        let (mut a, b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        // A starts fresh and creates; B still reads the garbage and starts fresh over it.
        b.lag();
        a.session.start_fresh(&shared, now()).unwrap();
        a.act(Action::Create(record("fresh", 1))).unwrap();
        let view = b.view();
        b.session.clone().start_fresh(&view, now()).unwrap();
        assert!(names(&shared).is_empty(), "B's write dropped the key");
        a.sync().unwrap();
        assert_eq!(names(&shared), ["fresh"]);
    }

    #[test]
    fn a_tab_that_starts_fresh_itself_does_not_bring_its_own_keys_back() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        a.act(Action::Create(record("mine", 1))).unwrap();
        shared.write(TOKENS_STORAGE_KEY, "{broken").unwrap();
        assert!(a.session.start_fresh(&shared, now()).unwrap().is_some());
        assert!(a.sync().is_none());
        assert!(b.sync().is_none());
        a.act(Action::Create(record("next", 2))).unwrap();
        assert_eq!(names(&shared), ["next"]);
    }

    #[test]
    fn changes_are_watched_only_for_a_while() {
        let shared = MemoryStore::default();
        let mut session = Session::new("a");
        let mut current = Keyring::default();
        for (seed, ms) in [(1, 0.0), (2, 5_000.0), (3, RECEIPT_LIFETIME_MS + 1.0)] {
            current = session
                .commit(
                    &shared,
                    &current,
                    Action::Create(record("k", seed)),
                    now(),
                    ms,
                )
                .unwrap();
        }
        assert_eq!(session.watched(), 2);
        // A create lost after its receipt expired is not brought back.
        shared
            .write(
                TOKENS_STORAGE_KEY,
                &text_of(&[] as &[std::rc::Rc<TokenRecord>]),
            )
            .unwrap();
        let repaired = session
            .repair(&shared, &current, now(), 3.0 * RECEIPT_LIFETIME_MS)
            .unwrap();
        assert!(repaired.is_none());
    }

    #[test]
    fn an_unreadable_document_is_never_written_over_by_a_repair() {
        let shared = MemoryStore::default();
        let (mut a, b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        b.lag();
        a.act(Action::Create(record("mine", 1))).unwrap();
        shared.write(TOKENS_STORAGE_KEY, "{broken").unwrap();
        let current = a.shows();
        let err = a.session.repair(&shared, &current, now(), 0.0).unwrap_err();
        assert!(matches!(err, CommitError::Unreadable(_)));
        assert_eq!(
            shared.read(TOKENS_STORAGE_KEY).unwrap().as_deref(),
            Some("{broken")
        );
    }

    /// Commits, through `session`, a new key named `name` onto what the tab shows.
    fn create_through(
        session: &mut Session,
        store: &MemoryStore,
        shown: &Keyring,
        name: &str,
        seed: u64,
    ) -> Keyring {
        session
            .commit(store, shown, Action::Create(record(name, seed)), now(), 0.0)
            .unwrap()
    }

    /// The stored token text.
    fn stored(store: &MemoryStore) -> String {
        store.read(TOKENS_STORAGE_KEY).unwrap().unwrap()
    }

    #[test]
    fn an_old_secret_whose_grace_period_ended_is_dropped_by_the_next_save() {
        let store = MemoryStore::default();
        let mut session = Session::new("a");
        let shown = create_through(&mut session, &store, &Keyring::default(), "rotated", 1);
        let id = shown.tokens[0].id;
        let regenerate = |seed, until| Action::Regenerate {
            id,
            hash: record("new", seed).hash,
            display: String::new(),
            grace_until: Some(until),
        };
        // One old secret ends a second before the save, one an hour after it.
        let shown = session
            .commit(
                &store,
                &shown,
                regenerate(2, now() + chrono::TimeDelta::seconds(1)),
                now(),
                0.0,
            )
            .unwrap();
        let shown = session
            .commit(
                &store,
                &shown,
                regenerate(3, now() + chrono::TimeDelta::hours(1)),
                now(),
                0.0,
            )
            .unwrap();
        assert_eq!(shown.tokens[0].old_secrets.len(), 2);
        let later = now() + chrono::TimeDelta::seconds(2);
        let saved = session
            .commit(
                &store,
                &shown,
                Action::SetFilter(Default::default()),
                later,
                0.0,
            )
            .unwrap();
        assert_eq!(
            saved.tokens[0].old_secrets.len(),
            2,
            "a column change writes no tokens"
        );
        let saved = create_through_at(&mut session, &store, &saved, later);
        assert_eq!(saved.tokens[0].old_secrets.len(), 1);
        assert_eq!(stored(&store).matches(r#""until""#).count(), 1);
    }

    /// Commits a new key at `at`.
    fn create_through_at(
        session: &mut Session,
        store: &MemoryStore,
        shown: &Keyring,
        at: DateTime<Utc>,
    ) -> Keyring {
        session
            .commit(store, shown, Action::Create(record("other", 99)), at, 0.0)
            .unwrap()
    }

    #[test]
    fn another_tabs_write_is_decoded_not_taken_from_the_last_read() {
        let shared = MemoryStore::default();
        let (mut a, mut b) = (Tab::new(&shared, "a"), Tab::new(&shared, "b"));
        a.act(Action::Create(record("nine char", 1))).unwrap();
        let id = only_id(&shared);
        // B's write is as long as A's (B's entry adds what the shorter name saves): only the
        // first writer entry tells them apart.
        let before = stored(&shared);
        b.act(rename(id, "uno")).unwrap();
        assert_eq!(stored(&shared).len(), before.len());
        let shown = create_through(&mut a.session, &shared, &Keyring::default(), "two", 2);
        assert_eq!(names(&shared), ["uno", "two"]);
        assert_eq!(shown, load(&shared, now()).keyring);
    }

    #[test]
    fn a_document_from_an_older_build_or_edited_by_hand_is_decoded() {
        let shared = MemoryStore::default();
        let mut a = Session::new("a");
        let created = create_through(&mut a, &shared, &Keyring::default(), "mine", 1);
        let mut edited = (*created.tokens[0]).clone();
        edited.name = "edited".into();
        let edited = vec![Rc::new(edited)];
        let written = stored(&shared);
        let mut by_a_tool = decode_tokens(&written).unwrap();
        by_a_tool.tokens = edited.clone();
        by_a_tool.writers.record("tool", 1);
        let edits = [
            // An older build: no writers at all.
            text_of(&edited),
            // Version 1, as the first Keyward wrote it.
            crate::core::document::tests::v1_text(&edited),
            // Another tool that keeps the writers and puts its own first.
            encode_tokens(&by_a_tool),
            // By hand: A's entry still first, but not the text A wrote.
            written.replacen("\"name\":\"mine\"", "\"name\":\"edited\"", 1),
            // By hand, the fields in another order: nothing to find at the start.
            format!(
                r#"{{"writers":{{"a":1}},"version":2,"tokens":{}}}"#,
                serde_json::to_string(&edited).unwrap()
            ),
        ];
        for edit in edits {
            shared.write(TOKENS_STORAGE_KEY, &edit).unwrap();
            let mut session = a.clone();
            let shown = create_through(&mut session, &shared, &created, "two", 2);
            assert_eq!(names(&shared), ["edited", "two"], "{edit}");
            assert_eq!(shown, load(&shared, now()).keyring, "{edit}");
        }
    }

    #[test]
    fn an_unchanged_document_is_taken_from_the_last_read_without_decoding() {
        let shared = MemoryStore::default();
        let mut a = Session::new("a");
        create_through(&mut a, &shared, &Keyring::default(), "alpha", 1);
        // A tab that has just loaded the document (say, after a storage event).
        let mut b = Session::new("b");
        let loaded = b.load(&shared, now());
        // The cache is what is read when the first writer entry and the length match: the entry
        // names one write (no two writes share one), and this text, which would decode to other
        // records, stands for one that only a hand edit could make.
        let text = stored(&shared);
        shared
            .write(TOKENS_STORAGE_KEY, &text.replacen("alpha", "omega", 1))
            .unwrap();
        for session in [&mut a, &mut b] {
            let mut session = session.clone();
            create_through(&mut session, &shared, &loaded.keyring, "two", 2);
            assert_eq!(names(&shared), ["alpha", "two"]);
            shared
                .write(TOKENS_STORAGE_KEY, &text.replacen("alpha", "omega", 1))
                .unwrap();
        }
        // A load always decodes (it follows another tab's change, or starts the tab), and the
        // next write starts from what it read.
        let loaded = b.load(&shared, now());
        assert_eq!(loaded.keyring.tokens[0].name, "omega");
        create_through(&mut b, &shared, &loaded.keyring, "three", 3);
        assert_eq!(names(&shared), ["omega", "three"]);
    }

    #[test]
    fn writer_ids_are_random_and_distinct() {
        use crate::core::key::tests::SeededRandom;
        let a = Session::with_random_id(&mut SeededRandom(1)).unwrap();
        let b = Session::with_random_id(&mut SeededRandom(2)).unwrap();
        assert_eq!(a.writer.len(), 24);
        assert_ne!(a.writer, b.writer);
    }
}
