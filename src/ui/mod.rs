//! Yew components, one per file (and the update notice's view). They render state, turn events into actions and show the
//! errors the core returns; nothing here decides anything about keys.

mod app;
mod choice_group;
mod column_toggles;
mod confirm_dialog;
mod create_dialog;
mod key_manager;
mod modal;
mod pager;
mod regenerate_dialog;
mod reveal_dialog;
mod search_box;
mod storage_notices;
mod token_row;
mod token_table;
mod undo_toast;
mod update_notice;
mod verify_dialog;

pub use app::App;
pub use choice_group::choice_group;
pub use column_toggles::{ColumnToggles, ColumnTogglesProps};
pub use confirm_dialog::{ConfirmDialog, ConfirmDialogProps};
pub use create_dialog::{CreateDialog, CreateDialogProps, CreateProblems};
pub use key_manager::{KeyManager, KeyManagerProps};
pub use modal::{Modal, ModalProps};
pub use pager::pager;
pub use regenerate_dialog::{RegenerateDialog, RegenerateDialogProps};
pub use reveal_dialog::{RevealDialog, RevealDialogProps};
pub use search_box::search_box;
pub use storage_notices::{StorageNotices, StorageNoticesProps};
pub use token_row::{TokenRow, TokenRowProps};
pub use token_table::{TokenTable, TokenTableProps};
pub use undo_toast::{UndoToast, UndoToastProps, UNDO_WINDOW_MS};
pub use update_notice::update_notice;
pub use verify_dialog::{VerdictView, VerifyDialog, VerifyDialogProps};

use std::cell::Cell;

use yew::AttrValue;

thread_local! {
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// A document-unique element id, for `aria-labelledby` and friends.
fn unique_id(prefix: &str) -> AttrValue {
    let n = NEXT_ID.with(|next| {
        let n = next.get();
        next.set(n + 1);
        n
    });
    AttrValue::from(format!("kw-{prefix}-{n}"))
}
