//! The notice that a newer build of Keyward is ready, with its "Reload to update" button.
//!
//! A view function, not a component: a component's own lifecycle code would add about a
//! kilobyte to the download, for markup that has no state of its own.

use yew::prelude::*;

use crate::core::UpdateNotice;

/// A polite status region, always in the page so that assistive technology announces the
/// notice when it appears; empty until a newer build is ready. While a dialog is open the
/// notice is out of reach behind it (the dialog is modal), and the reload waits.
pub fn update_notice(notice: UpdateNotice, on_reload: Callback<()>) -> Html {
    html! {
        <div role="status">
            if notice != UpdateNotice::Hidden {
                <p class="banner info update-notice">
                    { "A new version of Keyward is available." }
                    <button
                        type="button"
                        class="button secondary"
                        disabled={notice != UpdateNotice::Offered}
                        onclick={move |_| on_reload.emit(())}
                    >
                        { "Reload to update" }
                    </button>
                </p>
            }
        </div>
    }
}
