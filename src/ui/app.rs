//! The Keyward app: a page around a [`KeyManager`] kept in localStorage, with the notice of
//! a newer build.

use std::rc::Rc;

use yew::prelude::*;

use super::{update_notice, KeyManager};
use crate::core::KeyValueStore;
use crate::hooks::use_app_update;
use crate::platform::storage::LocalStorage;

/// The whole single-page app.
#[component]
pub fn App() -> Html {
    let storage = use_memo((), |_| Rc::new(LocalStorage) as Rc<dyn KeyValueStore>);
    let update = use_app_update();
    html! {
        <div class="page">
            <header class="page-header">
                <div class="brand">
                    <svg class="logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <path d="M14.5 3a6.5 6.5 0 0 0-6.18 8.5L3 16.8V21h4.2v-2.1h2.1v-2.1h2.1l1.1-1.1A6.5 6.5 0 1 0 14.5 3Zm1.6 6.4a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3Z"/>
                    </svg>
                    <span class="brand-name">{ "Keyward" }</span>
                </div>
                <p class="tagline">{ "API keys, minted in your browser" }</p>
            </header>
            <main class="content">
                <h1 class="visually-hidden">{ "Keyward" }</h1>
                { update_notice(update.notice(), update.reload_callback()) }
                <KeyManager storage={(*storage).clone()} />
            </main>
            <footer class="page-footer">
                <p>
                    { "Keys are generated on this device with its secure random number generator \
                       and never leave it. Only a SHA-256 fingerprint is stored." }
                </p>
            </footer>
        </div>
    }
}
