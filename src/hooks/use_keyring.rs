//! The keyring as component state, persisted through a [`KeyValueStore`].

use std::cell::RefCell;
use std::rc::Rc;

use chrono::Utc;
use gloo_events::EventListener;
use yew::prelude::*;

use crate::core::document::{COLUMNS_STORAGE_KEY, TOKENS_STORAGE_KEY};
use crate::core::state::Section;
use crate::core::{commit, load, mint_token, Action, KeyValueStore, Keyring, SecretKey, TokenName};
use crate::platform::random::SystemRandom;

/// What the UI knows about the store: the latest state and any problem reading it.
#[derive(Debug, Clone)]
struct Model {
    keyring: Rc<Keyring>,
    tokens_problem: Option<String>,
    columns_problem: Option<String>,
}

impl Model {
    fn load(storage: &dyn KeyValueStore) -> Self {
        let loaded = load(storage);
        Self {
            keyring: Rc::new(loaded.keyring),
            tokens_problem: loaded.tokens_problem.map(|p| p.to_string()),
            columns_problem: loaded.columns_problem.map(|p| p.to_string()),
        }
    }
}

/// Access to the persisted keyring. Every change is committed to storage first and shown only
/// once it is saved; errors come back as messages for the user.
#[derive(Clone)]
pub struct KeyringHandle {
    storage: Rc<dyn KeyValueStore>,
    model: Rc<RefCell<Model>>,
    rerender: UseForceUpdateHandle,
}

impl KeyringHandle {
    /// The latest saved state.
    pub fn keyring(&self) -> Rc<Keyring> {
        self.model.borrow().keyring.clone()
    }

    /// Why the stored keys could not be read, if they could not. While set, no token change
    /// is saved (the stored text is left as it is).
    pub fn tokens_problem(&self) -> Option<String> {
        self.model.borrow().tokens_problem.clone()
    }

    /// Why the stored column settings could not be read, if they could not.
    pub fn columns_problem(&self) -> Option<String> {
        self.model.borrow().columns_problem.clone()
    }

    /// Validates `name`, mints a key, and saves its record. The key is returned only when its
    /// record was saved: a key that was not stored would be useless.
    pub fn create(&self, name: &str) -> Result<(TokenName, SecretKey), String> {
        let name = TokenName::parse(name).map_err(|e| e.to_string())?;
        let (record, key) =
            mint_token(name.clone(), &mut SystemRandom, Utc::now()).map_err(|e| e.to_string())?;
        self.apply(Action::Create(record))?;
        Ok((name, key))
    }

    /// Saves `action` and shows the result.
    pub fn apply(&self, action: Action) -> Result<(), String> {
        let section = action.section();
        let next =
            commit(self.storage.as_ref(), &self.keyring(), action).map_err(|e| e.to_string())?;
        {
            let mut model = self.model.borrow_mut();
            model.keyring = Rc::new(next);
            if section == Section::Columns {
                // The settings were just written in the current format.
                model.columns_problem = None;
            }
        }
        self.rerender.force_update();
        Ok(())
    }

    fn reload(&self) {
        *self.model.borrow_mut() = Model::load(self.storage.as_ref());
        self.rerender.force_update();
    }
}

/// The keyring stored in `storage`, kept in step with changes made in other tabs.
#[hook]
pub fn use_keyring(storage: Rc<dyn KeyValueStore>) -> KeyringHandle {
    let model = {
        let storage = storage.clone();
        use_mut_ref(move || Model::load(storage.as_ref()))
    };
    let handle = KeyringHandle {
        storage,
        model,
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
                    if relevant {
                        handle.reload();
                    }
                })
            });
            move || drop(listener)
        });
    }
    handle
}
