//! The keyring as component state, persisted through a [`KeyValueStore`].

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use gloo_events::EventListener;
use yew::prelude::*;

use crate::core::document::{Writers, COLUMNS_STORAGE_KEY, TOKENS_STORAGE_KEY};
use crate::core::lifecycle::GracePeriod;
use crate::core::persist::Upgrade;
use crate::core::state::Section;
use crate::core::{
    mint_key, mint_token, Action, KeyValueStore, Keyring, LoadProblem, MemoryStore, SecretKey,
    Session, TokenName,
};
use crate::platform::random::SystemRandom;

/// What the UI knows about the store: the latest state and anything wrong with it.
struct Model {
    /// Where changes go: the given store, or memory when that store cannot be used at all.
    storage: Rc<dyn KeyValueStore>,
    keyring: Rc<Keyring>,
    /// Why the stored keys could not be read; `keyring` then holds what could be salvaged.
    tokens_problem: Option<String>,
    columns_problem: Option<String>,
    /// Why the given store could not be used, when working in memory instead.
    memory_only: Option<String>,
    /// Why an older document's upgrade could not be saved.
    upgrade_problem: Option<String>,
    /// Where "Start fresh" kept the unreadable text.
    set_aside: Option<String>,
}

impl Model {
    /// Reads `storage` through this tab's `session` (which remembers the token document for
    /// its next write); also returns which writes the token document read includes.
    fn open(storage: Rc<dyn KeyValueStore>, session: &mut Session) -> (Self, Writers) {
        let loaded = session.load(storage.as_ref(), Utc::now());
        if let Some(LoadProblem::Storage(error)) = &loaded.tokens_problem {
            // No usable storage at all: work in memory for this visit, and say so.
            let memory: Rc<dyn KeyValueStore> = Rc::new(MemoryStore::default());
            let (mut model, writers) = Self::open(memory, session);
            model.memory_only = Some(error.to_string());
            return (model, writers);
        }
        let upgrade_problem = match loaded.upgrade {
            Some(Upgrade {
                from_version,
                outcome: Err(error),
            }) => Some(format!(
                "Your keys were stored in format version {from_version} and have been \
                 converted for this visit, but the conversion could not be saved: {error} \
                 Nothing was changed in storage; your next change will try again."
            )),
            _ => None,
        };
        let model = Self {
            storage,
            keyring: Rc::new(loaded.keyring),
            tokens_problem: loaded.tokens_problem.map(|p| p.to_string()),
            columns_problem: loaded.columns_problem.map(|p| p.to_string()),
            memory_only: None,
            upgrade_problem,
            set_aside: None,
        };
        (model, loaded.writers)
    }
}

/// This tab's writer: a random id, or (should the random source fail) one made of the clock,
/// which is still distinct between tabs in practice.
fn new_session() -> Session {
    Session::with_random_id(&mut SystemRandom).unwrap_or_else(|_| {
        // Integers, not floats: formatting an `f64` would add 11 KB to the download.
        Session::new(format!(
            "t{:x}-{:x}",
            js_sys::Date::now() as u64,
            js_sys::Math::random().to_bits()
        ))
    })
}

/// Access to the persisted keyring. Every change is committed to storage first and shown only
/// once it is saved; errors come back as messages for the user.
#[derive(Clone)]
pub struct KeyringHandle {
    model: Rc<RefCell<Model>>,
    /// This tab's side of the shared store: every token write goes through it.
    session: Rc<RefCell<Session>>,
    rerender: UseForceUpdateHandle,
}

impl KeyringHandle {
    /// The latest saved state (or, while the stored keys are unreadable, what could be read).
    pub fn keyring(&self) -> Rc<Keyring> {
        self.model.borrow().keyring.clone()
    }

    /// Why the stored keys could not be read, if they could not. While set, no token change
    /// is saved (the stored text is left as it is) and the keys shown are read-only.
    pub fn tokens_problem(&self) -> Option<String> {
        self.model.borrow().tokens_problem.clone()
    }

    /// Why the stored column settings could not be read, if they could not.
    pub fn columns_problem(&self) -> Option<String> {
        self.model.borrow().columns_problem.clone()
    }

    /// Why nothing is being kept beyond this visit, when storage is unusable.
    pub fn memory_only(&self) -> Option<String> {
        self.model.borrow().memory_only.clone()
    }

    /// Why the upgrade of an older stored format could not be saved, if it could not.
    pub fn upgrade_problem(&self) -> Option<String> {
        self.model.borrow().upgrade_problem.clone()
    }

    /// The backup key "Start fresh" moved unreadable data to.
    pub fn set_aside(&self) -> Option<String> {
        self.model.borrow().set_aside.clone()
    }

    /// The text stored under the token key right now, for the user to download.
    pub fn stored_tokens_text(&self) -> Result<Option<String>, String> {
        let storage = self.model.borrow().storage.clone();
        storage.read(TOKENS_STORAGE_KEY).map_err(|e| e.to_string())
    }

    /// Mints a key named `name` that stops working at `expires_at` (`None`: never), and saves
    /// its record. The key is returned only when its record was saved: a key that was not
    /// stored would be useless.
    pub fn create(
        &self,
        name: TokenName,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<SecretKey, String> {
        let (mut record, key) =
            mint_token(name, &mut SystemRandom, Utc::now()).map_err(|e| e.to_string())?;
        record.expires_at = expires_at.map(|at| at.fixed_offset());
        self.apply(Action::Create(record))?;
        Ok(key)
    }

    /// Mints a new secret for key `id` and saves its hash in place of the old one, which keeps
    /// working through `grace`. The secret is returned only when it was saved.
    pub fn regenerate(&self, id: uuid::Uuid, grace: GracePeriod) -> Result<SecretKey, String> {
        let key = mint_key(&mut SystemRandom).map_err(|e| e.to_string())?;
        self.apply(Action::Regenerate {
            id,
            hash: key.hash(),
            display: key.masked(),
            grace_until: grace.ends(Utc::now()),
        })?;
        Ok(key)
    }

    /// Saves `action` and shows the result.
    pub fn apply(&self, action: Action) -> Result<(), String> {
        self.save(action)?;
        self.rerender.force_update();
        Ok(())
    }

    /// Commits `action`, without re-rendering.
    fn save(&self, action: Action) -> Result<(), String> {
        let section = action.section();
        let (storage, current) = {
            let model = self.model.borrow();
            (model.storage.clone(), model.keyring.clone())
        };
        let next = self
            .session
            .borrow_mut()
            .commit(
                storage.as_ref(),
                &current,
                action,
                Utc::now(),
                js_sys::Date::now(),
            )
            .map_err(|e| e.to_string())?;
        let mut model = self.model.borrow_mut();
        model.keyring = Rc::new(next);
        match section {
            // The document was just written in the current format.
            Section::Tokens => model.upgrade_problem = None,
            Section::Columns => model.columns_problem = None,
        }
        Ok(())
    }

    /// Moves the unreadable stored text under a backup key, then starts an empty store.
    pub fn start_fresh(&self) -> Result<(), String> {
        let storage = self.model.borrow().storage.clone();
        let set_aside = self
            .session
            .borrow_mut()
            .start_fresh(storage.as_ref(), Utc::now())
            .map_err(|e| {
                format!("{e} Nothing was changed; download a backup before trying again.")
            })?;
        // `reload` keeps `set_aside` and re-renders.
        self.model.borrow_mut().set_aside = set_aside;
        self.reload();
        Ok(())
    }

    /// Reads the store again (after another tab changed it), and applies again, in one write,
    /// any change of this tab that the other tab's write dropped without having seen it.
    fn reload(&self) {
        let storage = self.model.borrow().storage.clone();
        let (reopened, writers) = Model::open(storage.clone(), &mut self.session.borrow_mut());
        {
            let mut model = self.model.borrow_mut();
            let set_aside = model.set_aside.take();
            *model = reopened;
            model.set_aside = set_aside;
        }
        // The document was just read: decide from its writers whether a change of this tab
        // was lost before reading it again to repair. A refusal (unreadable document, full
        // storage) leaves the loaded state shown; the change is tried again with the next
        // write or the next change from another tab.
        let now_ms = js_sys::Date::now();
        let (current, lost) = {
            let model = self.model.borrow();
            let lost = model.tokens_problem.is_none()
                && self.session.borrow().has_lost_changes(&writers, now_ms);
            (model.keyring.clone(), lost)
        };
        if lost {
            let repaired =
                self.session
                    .borrow_mut()
                    .repair(storage.as_ref(), &current, Utc::now(), now_ms);
            if let Ok(Some(next)) = repaired {
                self.model.borrow_mut().keyring = Rc::new(next);
            }
        }
        self.rerender.force_update();
    }
}

/// The keyring stored in `storage`, kept in step with changes made in other tabs. When
/// `storage` cannot be used at all, works in memory and says so ([`KeyringHandle::memory_only`]).
#[hook]
pub fn use_keyring(storage: Rc<dyn KeyValueStore>) -> KeyringHandle {
    let session = use_mut_ref(new_session);
    let model = {
        let session = session.clone();
        use_mut_ref(move || Model::open(storage, &mut session.borrow_mut()).0)
    };
    let handle = KeyringHandle {
        model,
        session,
        rerender: use_force_update(),
    };
    {
        let handle = handle.clone();
        use_effect_with((), move |_| {
            // Another tab wrote to localStorage (or cleared it): show what is stored now.
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "storage", move |event| {
                    let key = js_sys::Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    let relevant = match key.as_deref() {
                        None => true,
                        Some(key) => key == TOKENS_STORAGE_KEY || key == COLUMNS_STORAGE_KEY,
                    };
                    if relevant && handle.memory_only().is_none() {
                        handle.reload();
                    }
                })
            });
            move || drop(listener)
        });
    }
    handle
}
