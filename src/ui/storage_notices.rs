//! Banners about the state of storage: unreadable data (with its two ways out), memory-only
//! working, an upgrade that could not be saved, and unreadable column settings.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StorageNoticesProps {
    /// Why the stored keys could not be read.
    #[prop_or_default]
    pub tokens_problem: Option<AttrValue>,
    /// How many keys could still be read one by one (shown read-only).
    #[prop_or_default]
    pub readable_count: usize,
    /// Why storage is unusable, when working in memory.
    #[prop_or_default]
    pub memory_only: Option<AttrValue>,
    /// Why an upgrade of the stored format could not be saved.
    #[prop_or_default]
    pub upgrade_problem: Option<AttrValue>,
    /// Why the column settings could not be read.
    #[prop_or_default]
    pub columns_problem: Option<AttrValue>,
    /// Where "Start fresh" put the unreadable text.
    #[prop_or_default]
    pub set_aside: Option<AttrValue>,
    /// Downloads the stored text; returns why it could not.
    pub on_download: Callback<(), Result<(), String>>,
    /// Sets the unreadable text aside and starts an empty store; returns why it could not.
    pub on_start_fresh: Callback<(), Result<(), String>>,
}

/// Everything the user must know about storage, where they will see it first.
#[component]
pub fn StorageNotices(props: &StorageNoticesProps) -> Html {
    let action_error = use_state(|| None::<String>);
    let download = {
        let action_error = action_error.clone();
        let on_download = props.on_download.clone();
        Callback::from(move |_: MouseEvent| action_error.set(on_download.emit(()).err()))
    };
    let start_fresh = {
        let action_error = action_error.clone();
        let on_start_fresh = props.on_start_fresh.clone();
        Callback::from(move |_: MouseEvent| action_error.set(on_start_fresh.emit(()).err()))
    };
    let readable = match props.readable_count {
        0 => "No key could be read from it one by one either.".to_owned(),
        1 => "The one key that could still be read is shown below, read-only.".to_owned(),
        n => format!("The {n} keys that could still be read are shown below, read-only."),
    };

    html! {
        <>
            if let Some(reason) = props.memory_only.clone() {
                <div class="banner warning" role="alert">
                    <p><strong>{ "Nothing will be kept after this visit." }</strong></p>
                    <p>
                        { format!("{reason} You can still create and manage keys, but they are \
                                   held in memory only and are lost when you close or reload \
                                   this page.") }
                    </p>
                </div>
            }
            if let Some(problem) = props.tokens_problem.clone() {
                <div class="banner error" role="alert">
                    <p><strong>{ "Your stored keys could not be read." }</strong></p>
                    <p>{ problem }</p>
                    <p>
                        { format!("Nothing has been changed or deleted. {readable} Keyward will \
                                   not save any change until this is resolved.") }
                    </p>
                    <div class="banner-actions">
                        <button type="button" class="button secondary" onclick={download}>
                            { "Download backup" }
                        </button>
                        <button type="button" class="button secondary" onclick={start_fresh}>
                            { "Start fresh" }
                        </button>
                    </div>
                    <p class="field-hint">
                        { "Download backup saves the stored text as a file. Start fresh keeps \
                           that text in this browser under a backup key, then starts an empty \
                           list of keys." }
                    </p>
                    <p class="field-error" aria-live="polite">
                        { (*action_error).clone().unwrap_or_default() }
                    </p>
                </div>
            }
            if let Some(key) = props.set_aside.clone() {
                <div class="banner info" role="status">
                    <p>
                        { format!("The unreadable data was set aside in this browser's storage \
                                   under \u{201c}{key}\u{201d}. You can create keys again.") }
                    </p>
                </div>
            }
            if let Some(problem) = props.upgrade_problem.clone() {
                <div class="banner info" role="status"><p>{ problem }</p></div>
            }
            if let Some(problem) = props.columns_problem.clone() {
                <div class="banner info" role="status">
                    <p>
                        { format!("Your column settings could not be read, so every column is \
                                   shown. {problem}") }
                    </p>
                </div>
            }
        </>
    }
}
