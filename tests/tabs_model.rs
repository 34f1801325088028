//! A model of several tabs sharing one localStorage, driven through random interleavings.
//!
//! Each browser tab keeps its own copy of localStorage: its writes apply to that copy at once
//! and travel to the browser, which orders them and delivers each to the other tabs (a
//! `storage` event) some time later. Here every tab has such a copy, its writes wait in a queue
//! to reach the shared order, and the shared order's writes wait in a queue per tab to be
//! delivered. A random schedule picks, step after step, a user action in some tab, one write
//! reaching the shared order, or one delivery. The tabs run Keyward's real [`Session`].
//!
//! The oracle does not trust the documents' bookkeeping: every stored text carries the set of
//! accepted changes its lineage included (a "ghost" set, kept by the model). At the end:
//! - every tab has stopped writing and all of them show the same state as the shared order;
//! - an accepted change whose effect is missing was seen, before it went, by a later write
//!   (its base included the change): no change is lost unseen;
//! - a change applied again was dropped by a write that had not seen it: a deliberate undo
//!   stands;
//! - the number of writes is bounded by the number of user actions plus a small constant.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, VecDeque};

use chrono::{TimeZone, Utc};
use keyward::core::document::{decode_tokens, TOKENS_STORAGE_KEY};
use keyward::core::{
    mint_token, Action, KeyValueStore, Keyring, NativeUnicode, Session, StorageError, TokenName,
    TokenRecord,
};
use proptest::prelude::*;
use support::Seeded;
use uuid::Uuid;

/// An accepted change: which tab made it, and its number among all changes.
type ChangeId = usize;

fn now() -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(1_790_000_000, 0).unwrap()
}

/// One tab's copy of the shared storage.
#[derive(Default)]
struct Copy {
    /// The latest shared value delivered to (or acknowledged by) this tab.
    delivered: Option<String>,
    /// This tab's own writes not yet acknowledged: they mask what is delivered meanwhile.
    pending: VecDeque<String>,
    /// What the tab's last read returned, as the base of its next write.
    last_read: Option<String>,
    /// Writes made through this copy since the model last looked: (base, written).
    written: Vec<(Option<String>, String)>,
}

impl Copy {
    fn current(&self) -> Option<String> {
        self.pending
            .back()
            .cloned()
            .or_else(|| self.delivered.clone())
    }
}

/// A tab's view of storage, as Keyward's session sees it.
struct View<'a>(&'a RefCell<Copy>);

impl KeyValueStore for View<'_> {
    fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        assert_eq!(
            key, TOKENS_STORAGE_KEY,
            "only the token document is modelled"
        );
        let mut copy = self.0.borrow_mut();
        let value = copy.current();
        copy.last_read = value.clone();
        Ok(value)
    }

    fn write(&self, key: &str, value: &str) -> Result<(), StorageError> {
        assert_eq!(key, TOKENS_STORAGE_KEY);
        let mut copy = self.0.borrow_mut();
        let base = copy.last_read.clone();
        copy.pending.push_back(value.to_owned());
        copy.written.push((base, value.to_owned()));
        Ok(())
    }
}

enum Delivery {
    /// Another tab's write, in the shared order.
    Foreign(String),
    /// This tab's own write has taken its place in the shared order.
    Ack(String),
}

struct Tab {
    session: Session,
    copy: RefCell<Copy>,
    /// Writes on their way to the shared order.
    uplink: VecDeque<String>,
    /// The shared order's writes on their way to this tab.
    inbox: VecDeque<Delivery>,
    /// Changes this tab made and had accepted, oldest first.
    accepted: Vec<(ChangeId, Action)>,
}

/// Whether a state shows what a change does. Names and ids are unique per change.
fn shows(keyring: &Keyring, action: &Action) -> bool {
    match action {
        Action::Create(record) => keyring.find(record.id).is_some(),
        Action::Rename { id, name } => keyring.find(*id).is_some_and(|t| t.name == name.as_str()),
        Action::Revoke { id, .. } => keyring.find(*id).is_some_and(|t| !t.is_active()),
        Action::MarkUsed { id, at } => keyring
            .find(*id)
            .is_some_and(|t| t.last_used_at >= Some(at.fixed_offset())),
        Action::RevokeMany { ids, .. } => ids
            .iter()
            .all(|id| keyring.find(*id).is_none_or(|t| !t.is_active())),
        Action::Unrevoke { records, .. } => records
            .iter()
            .all(|r| keyring.find(r.id).is_some_and(|t| t.is_active())),
        Action::Regenerate { id, hash, .. } => keyring.find(*id).is_some_and(|t| t.hash == *hash),
        Action::Delete { id } => keyring.find(*id).is_none(),
        Action::SetColumnVisible { .. } | Action::SetFilter(_) | Action::SetSort(_) => true,
    }
}

/// Whether a state that misses the change's effect has lost it, rather than superseded it (a
/// rename or a revoke of a key that is revoked or deleted is moot).
fn misses(keyring: &Keyring, action: &Action) -> bool {
    match action {
        Action::Rename { id, .. } | Action::Revoke { id, .. } | Action::MarkUsed { id, .. } => {
            keyring.find(*id).is_some_and(|t| t.is_active()) && !shows(keyring, action)
        }
        _ => !shows(keyring, action),
    }
}

fn keyring_of(text: Option<&str>) -> Keyring {
    Keyring {
        tokens: text
            .map(|t| {
                decode_tokens(t)
                    .expect("every written document reads back")
                    .tokens
            })
            .unwrap_or_default(),
        ..Keyring::default()
    }
}

struct Model {
    tabs: Vec<Tab>,
    shared: Option<String>,
    /// Ghost set of every text ever written: the accepted changes its lineage included.
    ghosts: HashMap<String, BTreeSet<ChangeId>>,
    /// Ghost set of the base each text was built on.
    bases: HashMap<String, BTreeSet<ChangeId>>,
    /// Every write that reached the shared order: (writer, ghost set of its base).
    history: Vec<(usize, BTreeSet<ChangeId>)>,
    changes: Vec<(usize, Action)>,
    user_actions: usize,
    writes: usize,
    next_seed: u64,
    next_name: u64,
}

impl Model {
    fn new(tabs: usize) -> Self {
        Self {
            tabs: (0..tabs)
                .map(|i| Tab {
                    session: Session::new(format!("tab{i}")),
                    copy: RefCell::default(),
                    uplink: VecDeque::new(),
                    inbox: VecDeque::new(),
                    accepted: Vec::new(),
                })
                .collect(),
            shared: None,
            ghosts: HashMap::new(),
            bases: HashMap::new(),
            history: Vec::new(),
            changes: Vec::new(),
            user_actions: 0,
            writes: 0,
            next_seed: 1,
            next_name: 0,
        }
    }

    fn ghost(&self, text: Option<&String>) -> BTreeSet<ChangeId> {
        text.and_then(|t| self.ghosts.get(t))
            .cloned()
            .unwrap_or_default()
    }

    fn shown_by(&self, tab: usize) -> Keyring {
        keyring_of(self.tabs[tab].copy.borrow().current().as_deref())
    }

    /// Checks what tab `t` just wrote against the rule, and keeps the ghost sets: a write must
    /// be its base, plus the tab's changes the base had not seen (oldest first, those that
    /// apply), plus the new change. So a change is applied again only when unseen, and a
    /// change seen and undone stays undone.
    fn record_writes(&mut self, t: usize, new_change: Option<ChangeId>) {
        let written = std::mem::take(&mut self.tabs[t].copy.borrow_mut().written);
        for (base, text) in written {
            let base_ghost = self.ghost(base.as_ref());
            let mut expected = keyring_of(base.as_deref());
            let mut ghost = base_ghost.clone();
            let mut last = None;
            for (id, action) in &self.tabs[t].accepted {
                if Some(*id) == new_change {
                    last = Some((*id, action.clone()));
                } else if !base_ghost.contains(id) && expected.apply(action.clone()).is_ok() {
                    ghost.insert(*id);
                }
            }
            if let Some((id, action)) = last {
                expected
                    .apply(action)
                    .expect("the new change applied in the tab");
                ghost.insert(id);
            }
            assert_eq!(
                expected.tokens,
                keyring_of(Some(&text)).tokens,
                "tab {t} wrote something other than its base plus the changes the base had not seen"
            );
            self.ghosts.insert(text.clone(), ghost);
            self.bases.insert(text.clone(), base_ghost);
            self.tabs[t].uplink.push_back(text);
            self.writes += 1;
        }
    }

    fn user_action(&mut self, t: usize, choice: u32) {
        let shown = self.shown_by(t);
        let active: Vec<Uuid> = shown.active().map(|k| k.id).collect();
        let revoked: Vec<Uuid> = shown
            .tokens
            .iter()
            .filter(|k| !k.is_active())
            .map(|k| k.id)
            .collect();
        let action = match (choice % 8, active.is_empty()) {
            (0..=2, _) | (_, true) => {
                self.next_seed += 1;
                let name = TokenName::parse("k", &NativeUnicode).unwrap();
                let record: TokenRecord = mint_token(name, &mut Seeded(self.next_seed), now())
                    .unwrap()
                    .0;
                Action::Create(record)
            }
            (3..=5, false) => {
                self.next_name += 1;
                Action::Rename {
                    id: active[(choice as usize / 8) % active.len()],
                    name: TokenName::parse(&format!("n{}", self.next_name), &NativeUnicode)
                        .unwrap(),
                }
            }
            (6, false) => Action::Revoke {
                id: active[(choice as usize / 8) % active.len()],
                at: now(),
            },
            _ if revoked.is_empty() => Action::Revoke {
                id: active[(choice as usize / 8) % active.len()],
                at: now(),
            },
            _ => Action::Delete {
                id: revoked[(choice as usize / 8) % revoked.len()],
            },
        };
        self.user_actions += 1;
        let tab = &mut self.tabs[t];
        let view = View(&tab.copy);
        let outcome = tab
            .session
            .commit(&view, &shown, action.clone(), now(), 0.0);
        let id = self.changes.len();
        let new_change = match outcome {
            Ok(_) => {
                self.changes.push((t, action.clone()));
                self.tabs[t].accepted.push((id, action));
                Some(id)
            }
            Err(_) => None,
        };
        self.record_writes(t, new_change);
    }

    /// The head of tab `t`'s uplink takes its place in the shared order.
    fn reach_shared_order(&mut self, t: usize) {
        let Some(text) = self.tabs[t].uplink.pop_front() else {
            return;
        };
        self.history.push((t, self.base_ghost_of(&text)));
        self.shared = Some(text.clone());
        for (i, tab) in self.tabs.iter_mut().enumerate() {
            tab.inbox.push_back(if i == t {
                Delivery::Ack(text.clone())
            } else {
                Delivery::Foreign(text.clone())
            });
        }
    }

    fn base_ghost_of(&self, text: &str) -> BTreeSet<ChangeId> {
        self.bases.get(text).cloned().unwrap_or_default()
    }

    /// Tab `t` takes the next delivery; another tab's write fires its storage event.
    fn deliver(&mut self, t: usize) {
        let Some(delivery) = self.tabs[t].inbox.pop_front() else {
            return;
        };
        match delivery {
            Delivery::Ack(text) => {
                let mut copy = self.tabs[t].copy.borrow_mut();
                let own = copy.pending.pop_front();
                assert_eq!(own.as_deref(), Some(text.as_str()), "acks come in order");
                copy.delivered = Some(text);
            }
            Delivery::Foreign(text) => {
                self.tabs[t].copy.borrow_mut().delivered = Some(text);
                let shown = self.shown_by(t);
                let tab = &mut self.tabs[t];
                let view = View(&tab.copy);
                tab.session
                    .repair(&view, &shown, now(), 0.0)
                    .expect("repairs of readable documents succeed");
                self.record_writes(t, None);
            }
        }
    }

    fn busy(&self) -> bool {
        self.tabs
            .iter()
            .any(|t| !t.uplink.is_empty() || !t.inbox.is_empty())
    }
}

/// Runs `schedule` on `tabs` tabs (at most `max_actions` user actions), then lets every write
/// reach every tab, and checks the promises.
fn run(tabs: usize, schedule: &[u32], max_actions: usize) -> Result<(), TestCaseError> {
    let mut model = Model::new(tabs);
    for &choice in schedule {
        let t = choice as usize % tabs;
        match (choice / 4) % 4 {
            0 if model.user_actions < max_actions => model.user_action(t, choice / 16),
            1 => model.reach_shared_order(t),
            _ => model.deliver(t),
        }
    }
    // Everything in flight arrives, in an order the schedule still picks.
    let mut rounds = 0;
    let mut choices = schedule.iter().copied().chain(std::iter::repeat(7)).cycle();
    while model.busy() {
        rounds += 1;
        // Every write is delivered to every tab: far more rounds than that is a write loop.
        prop_assert!(
            rounds < 50 * (model.user_actions + 1) * tabs,
            "the tabs never stop writing"
        );
        // Every step a tab can take: a write to send (true) or a delivery to take (false).
        let pending: Vec<(usize, bool)> = (0..tabs)
            .flat_map(|t| {
                let tab = &model.tabs[t];
                [
                    (t, true, !tab.uplink.is_empty()),
                    (t, false, !tab.inbox.is_empty()),
                ]
            })
            .filter(|&(_, _, ready)| ready)
            .map(|(t, uplink, _)| (t, uplink))
            .collect();
        let (t, uplink) = pending[choices.next().unwrap_or(0) as usize % pending.len()];
        if uplink {
            model.reach_shared_order(t);
        } else {
            model.deliver(t);
        }
    }

    // Every tab shows what is stored, and none of them has anything left to write.
    let stored = keyring_of(model.shared.as_deref());
    for t in 0..tabs {
        prop_assert_eq!(&model.shown_by(t), &stored, "tab {} differs", t);
        let tab = &mut model.tabs[t];
        let view = View(&tab.copy);
        prop_assert!(
            tab.session
                .repair(&view, &stored, now(), 0.0)
                .unwrap()
                .is_none(),
            "tab {} still writes at rest",
            t
        );
    }

    // No accepted change is missing unless a write that had seen it removed it.
    let lineage = model.ghost(model.shared.as_ref());
    for (id, (t, action)) in model.changes.iter().enumerate() {
        if misses(&stored, action) {
            prop_assert!(
                lineage.contains(&id),
                "change {} of tab {} ({:?}) was lost without any write seeing it",
                id,
                t,
                action
            );
            prop_assert!(model.history.iter().any(|(_, base)| base.contains(&id)));
        }
    }

    // One write per accepted action, plus repairs: each repair answers a write that raced
    // another, so they are bounded by the actions too.
    prop_assert!(
        model.writes <= 2 * model.user_actions + tabs,
        "{} writes for {} user actions",
        model.writes,
        model.user_actions
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn two_tabs_converge_without_losing_or_resurrecting_changes(
        schedule in proptest::collection::vec(any::<u32>(), 0..120),
    ) {
        run(2, &schedule, 30)?;
    }

    #[test]
    fn three_tabs_converge_without_losing_or_resurrecting_changes(
        schedule in proptest::collection::vec(any::<u32>(), 0..160),
    ) {
        run(3, &schedule, 40)?;
    }
}
