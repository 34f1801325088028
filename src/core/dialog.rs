//! Which dialog the key manager shows, and the only moves between them.
//!
//! Event handlers read and change this state at once, while the screen catches up later (Yew
//! renders in a microtask). So two events of one browser task, such as two submits of the
//! create form or two clicks on "Revoke key", see each other: the second finds the dialog
//! already moved on and does nothing. One submit per dialog, one key per reveal.

use uuid::Uuid;

use super::key::SecretKey;

/// The dialog on screen. The full key lives only inside [`Dialog::Reveal`] and is wiped when
/// that state is left.
#[derive(Debug, Default)]
pub enum Dialog {
    /// No dialog.
    #[default]
    Closed,
    /// "Create new secret key": asking for a name.
    Create,
    /// "Save your key": the one-time reveal.
    Reveal {
        /// The new key's name.
        name: String,
        /// The new key, shown this once.
        secret: SecretKey,
    },
    /// "Verify a key": checking a pasted key.
    Verify,
    /// "Regenerate `<name>`?": asking for a grace period, then a new secret.
    Regenerate {
        /// The key.
        id: Uuid,
        /// Its name, for the title and the reveal.
        name: String,
        /// Why the last attempt failed, if it did.
        error: Option<String>,
    },
    /// "Revoke `<name>`?", "Revoke 3 keys?", "Delete `<name>`?": asking to confirm.
    Confirm {
        /// What is to be done.
        pending: Pending,
        /// Why the last attempt failed, if it did.
        error: Option<String>,
    },
}

/// A change that is made only once the user confirms it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Revoking one key.
    Revoke {
        /// The key.
        id: Uuid,
        /// Its name, for the title.
        name: String,
    },
    /// Revoking the ticked keys.
    RevokeSelected {
        /// The keys.
        ids: Vec<Uuid>,
    },
    /// Deleting the record of a revoked key for good.
    Delete {
        /// The key.
        id: Uuid,
        /// Its name, for the title.
        name: String,
    },
}

impl Dialog {
    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        !matches!(self, Dialog::Closed)
    }

    /// Opens the create dialog, unless another dialog is open. Returns whether it opened.
    pub fn open_create(&mut self) -> bool {
        self.open(Dialog::Create)
    }

    /// Opens the verify dialog, unless another dialog is open. Returns whether it opened.
    pub fn open_verify(&mut self) -> bool {
        self.open(Dialog::Verify)
    }

    /// Opens the regenerate dialog for key `id`, unless another dialog is open. Returns
    /// whether it opened.
    pub fn ask_regenerate(&mut self, id: Uuid, name: String) -> bool {
        self.open(Dialog::Regenerate {
            id,
            name,
            error: None,
        })
    }

    /// Asks to confirm `pending`, unless another dialog is open. Returns whether it opened.
    pub fn ask(&mut self, pending: Pending) -> bool {
        self.open(Dialog::Confirm {
            pending,
            error: None,
        })
    }

    fn open(&mut self, dialog: Dialog) -> bool {
        if self.is_open() {
            return false;
        }
        *self = dialog;
        true
    }

    /// Handles a submit of the create dialog: calls `create` (which mints and saves a key and
    /// returns its name and secret) and moves to the reveal. Returns `Ok(true)` when it did,
    /// `Ok(false)` when the create dialog is no longer open (a second submit: `create` is not
    /// called), and `create`'s error, with the dialog left open, when it failed.
    pub fn submit_create<E>(
        &mut self,
        create: impl FnOnce() -> Result<(String, SecretKey), E>,
    ) -> Result<bool, E> {
        if !matches!(self, Dialog::Create) {
            return Ok(false);
        }
        let (name, secret) = create()?;
        *self = Dialog::Reveal { name, secret };
        Ok(true)
    }

    /// Handles a confirm of the regenerate dialog: calls `regenerate` with the key's id (it
    /// mints and saves a new secret and returns it) and moves to the reveal of the new secret.
    /// Returns whether it did; `false` when no regenerate is being confirmed (a second click:
    /// `regenerate` is not called). When `regenerate` fails, the dialog stays open with its
    /// message.
    pub fn submit_regenerate<E: ToString>(
        &mut self,
        regenerate: impl FnOnce(Uuid) -> Result<SecretKey, E>,
    ) -> bool {
        let Dialog::Regenerate { id, name, error } = self else {
            return false;
        };
        match regenerate(*id) {
            Ok(secret) => {
                let name = std::mem::take(name);
                *self = Dialog::Reveal { name, secret };
                true
            }
            Err(e) => {
                *error = Some(e.to_string());
                false
            }
        }
    }

    /// Handles a confirm: calls `apply` with what is pending and closes. Returns what was
    /// done, or `None` when nothing is being confirmed (a second click: `apply` is not called).
    /// When `apply` fails, the dialog stays open with its message.
    pub fn confirm<E: ToString>(
        &mut self,
        apply: impl FnOnce(&Pending) -> Result<(), E>,
    ) -> Option<Pending> {
        let Dialog::Confirm { pending, error } = self else {
            return None;
        };
        match apply(pending) {
            Ok(()) => {
                let done = pending.clone();
                *self = Dialog::Closed;
                Some(done)
            }
            Err(e) => {
                *error = Some(e.to_string());
                None
            }
        }
    }

    /// Closes whatever is open (Cancel, Done, Escape). Leaving the reveal drops, and so wipes,
    /// the key.
    pub fn close(&mut self) {
        *self = Dialog::Closed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::key::{mint_key, tests::SeededRandom};

    fn secret(seed: u64) -> SecretKey {
        mint_key(&mut SeededRandom(seed)).unwrap()
    }

    #[test]
    fn a_second_submit_of_the_create_dialog_mints_nothing() {
        let mut dialog = Dialog::default();
        assert!(dialog.open_create());
        let mut minted = 0;
        let mut create = || -> Result<(String, SecretKey), String> {
            minted += 1;
            Ok(("ci".to_owned(), secret(minted)))
        };
        assert_eq!(dialog.submit_create(&mut create), Ok(true));
        assert_eq!(dialog.submit_create(&mut create), Ok(false));
        assert_eq!(minted, 1);
        let Dialog::Reveal {
            name,
            secret: shown,
        } = &dialog
        else {
            panic!("the reveal is open: {dialog:?}");
        };
        assert_eq!(name, "ci");
        assert_eq!(
            shown,
            &secret(1),
            "the reveal shows the one key that was stored"
        );
    }

    #[test]
    fn a_refused_create_keeps_the_dialog_open_for_another_try() {
        let mut dialog = Dialog::default();
        dialog.open_create();
        let refused = dialog.submit_create(|| Err("Please enter a name for the key."));
        assert_eq!(refused, Err("Please enter a name for the key."));
        assert!(matches!(dialog, Dialog::Create));
        assert_eq!(
            dialog.submit_create(|| Ok::<_, String>(("ok".into(), secret(2)))),
            Ok(true)
        );
    }

    #[test]
    fn a_second_confirm_of_a_revoke_does_nothing_and_the_dialog_is_closed() {
        let mut dialog = Dialog::default();
        let id = Uuid::from_u128(7);
        let pending = Pending::Revoke {
            id,
            name: "prod".into(),
        };
        assert!(dialog.ask(pending.clone()));
        let mut revoked = Vec::new();
        let mut revoke = |pending: &Pending| -> Result<(), String> {
            let Pending::Revoke { id, .. } = pending else {
                return Err("not a revoke".into());
            };
            if revoked.contains(id) {
                return Err("This key has already been revoked.".into());
            }
            revoked.push(*id);
            Ok(())
        };
        assert_eq!(dialog.confirm(&mut revoke), Some(pending));
        assert_eq!(dialog.confirm(&mut revoke), None);
        assert_eq!(revoked, [id]);
        assert!(!dialog.is_open());
    }

    #[test]
    fn a_failed_revoke_stays_open_with_its_message() {
        let mut dialog = Dialog::default();
        dialog.ask(Pending::Delete {
            id: Uuid::from_u128(1),
            name: "x".into(),
        });
        assert_eq!(
            dialog.confirm(|_| Err("The browser's storage for this site is full.")),
            None
        );
        let Dialog::Confirm { error, .. } = &dialog else {
            panic!("still asking: {dialog:?}");
        };
        assert_eq!(
            error.as_deref(),
            Some("The browser's storage for this site is full.")
        );
    }

    #[test]
    fn regenerate_reveals_the_new_secret_once_and_a_failure_stays_open() {
        let mut dialog = Dialog::default();
        let id = Uuid::from_u128(9);
        assert!(dialog.ask_regenerate(id, "prod".into()));
        assert!(!dialog.submit_regenerate(|_| Err("The browser's storage for this site is full.")));
        let Dialog::Regenerate { error, .. } = &dialog else {
            panic!("still asking: {dialog:?}");
        };
        assert_eq!(
            error.as_deref(),
            Some("The browser's storage for this site is full.")
        );
        let mut minted = Vec::new();
        let mut regenerate = |id: Uuid| -> Result<SecretKey, String> {
            minted.push(id);
            Ok(secret(minted.len() as u64))
        };
        assert!(dialog.submit_regenerate(&mut regenerate));
        assert!(
            !dialog.submit_regenerate(&mut regenerate),
            "a second click mints nothing"
        );
        assert_eq!(minted, [id]);
        let Dialog::Reveal {
            name,
            secret: shown,
        } = &dialog
        else {
            panic!("the reveal is open: {dialog:?}");
        };
        assert_eq!((name.as_str(), shown), ("prod", &secret(1)));
    }

    #[test]
    fn one_dialog_at_a_time_and_closing_always_works() {
        let mut dialog = Dialog::default();
        assert!(dialog.open_create());
        let other = || Pending::RevokeSelected {
            ids: vec![Uuid::nil()],
        };
        assert!(!dialog.ask(other()));
        assert!(!dialog.open_create());
        assert!(matches!(dialog, Dialog::Create));
        dialog.close();
        assert!(!dialog.is_open());
        assert!(dialog.ask(other()));
        assert_eq!(
            dialog.submit_create(|| Ok::<_, String>(("x".into(), secret(3)))),
            Ok(false)
        );
        dialog.close();
        dialog.close();
        assert!(!dialog.is_open());
        assert!(dialog.open_verify());
        assert!(!dialog.open_create());
        assert!(!dialog.open_verify());
        assert!(matches!(dialog, Dialog::Verify));
    }
}
