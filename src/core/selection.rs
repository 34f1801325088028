//! Which keys are ticked for "Revoke selected". Only keys the table lists (matching the search
//! and the filter) and that can still be revoked count: ticking a key and then filtering it
//! out of view never revokes it unseen.

use std::collections::BTreeSet;
use std::rc::Rc;

use uuid::Uuid;

use super::token::TokenRecord;

/// The ticked keys, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    ids: BTreeSet<Uuid>,
}

/// What the "Select all" checkbox shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllSelected {
    /// No listed key is ticked.
    None,
    /// Some are (the checkbox is shown as mixed).
    Some,
    /// Every listed key that can be revoked is.
    All,
}

impl Selection {
    /// Ticks or unticks one key.
    pub fn set(&mut self, id: Uuid, selected: bool) {
        if selected {
            self.ids.insert(id);
        } else {
            self.ids.remove(&id);
        }
    }

    /// Whether `id` is ticked.
    pub fn contains(&self, id: Uuid) -> bool {
        self.ids.contains(&id)
    }

    /// Ticks every selectable key of `listed` ("Select all"), or unticks them all.
    pub fn set_all(&mut self, listed: &[Rc<TokenRecord>], selected: bool) {
        if selected {
            self.ids
                .extend(listed.iter().filter(|t| t.is_active()).map(|t| t.id));
        } else {
            self.ids.clear();
        }
    }

    /// The ticked keys among `listed` that can be revoked, in the listed order: what "Revoke
    /// selected" revokes.
    pub fn effective(&self, listed: &[Rc<TokenRecord>]) -> Vec<Uuid> {
        if self.ids.is_empty() {
            return Vec::new();
        }
        listed
            .iter()
            .filter(|t| t.is_active() && self.ids.contains(&t.id))
            .map(|t| t.id)
            .collect()
    }

    /// The state of "Select all" over `listed`, given `effective` ticked ones among them.
    pub fn all_state(listed: &[Rc<TokenRecord>], effective: usize) -> AllSelected {
        if effective == 0 {
            AllSelected::None
        } else if effective == listed.iter().filter(|t| t.is_active()).count() {
            AllSelected::All
        } else {
            AllSelected::Some
        }
    }
}

/// What the live region says about the selection: "3 keys selected".
pub fn selected_count(n: usize) -> String {
    match n {
        0 => "No keys selected".to_owned(),
        n => format!("{} selected", super::listing::key_count(n)),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::core::state::tests::record;
    use chrono::Utc;

    fn listed(n: u64) -> Vec<Rc<TokenRecord>> {
        (1..=n)
            .map(|i| Rc::new(record(&format!("k{i}"), i)))
            .collect()
    }

    #[test]
    fn select_all_ticks_the_listed_active_keys_and_unticks_everything() {
        let mut keys = listed(4);
        Rc::make_mut(&mut keys[3]).revoked_at = Some(Utc::now().fixed_offset());
        let mut selection = Selection::default();
        assert_eq!(Selection::all_state(&keys, 0), AllSelected::None);
        selection.set_all(&keys, true);
        let effective = selection.effective(&keys);
        assert_eq!(effective, [keys[0].id, keys[1].id, keys[2].id]);
        assert!(
            !selection.contains(keys[3].id),
            "a revoked key is never ticked"
        );
        assert_eq!(
            Selection::all_state(&keys, effective.len()),
            AllSelected::All
        );
        selection.set(keys[1].id, false);
        let effective = selection.effective(&keys);
        assert_eq!(
            Selection::all_state(&keys, effective.len()),
            AllSelected::Some
        );
        selection.set_all(&keys, false);
        assert!(selection.effective(&keys).is_empty());
    }

    #[test]
    fn keys_out_of_view_or_revoked_meanwhile_do_not_count() {
        let mut keys = listed(3);
        let mut selection = Selection::default();
        selection.set(keys[0].id, true);
        selection.set(keys[2].id, true);
        // A search now lists only the first two.
        assert_eq!(selection.effective(&keys[..2]), [keys[0].id]);
        // Another tab revokes the first.
        Rc::make_mut(&mut keys[0]).revoked_at = Some(Utc::now().fixed_offset());
        assert_eq!(selection.effective(&keys), [keys[2].id]);
        // The selection itself is kept: clearing the search counts the third again.
        assert!(selection.contains(keys[0].id));
        selection.set_all(&keys, false);
        assert!(selection.effective(&keys).is_empty());
    }

    #[test]
    fn the_count_is_worded() {
        assert_eq!(selected_count(0), "No keys selected");
        assert_eq!(selected_count(1), "1 key selected");
        assert_eq!(selected_count(1000), "1,000 keys selected");
    }
}
