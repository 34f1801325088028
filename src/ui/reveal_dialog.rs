//! The one-time reveal: the full key, a Copy button and a warning that it will not be shown
//! again. When the dialog closes, the key leaves memory and the page.
//!
//! The key reaches the page only through the field's `value`, set from here: as a Yew
//! attribute it would be copied into strings Yew keeps and frees without wiping. Every
//! [`SecretKey`] copy held here wipes itself when dropped.

use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{unique_id, Modal};
use crate::core::SecretKey;
use crate::platform::clipboard::copy_text;

#[derive(Properties, PartialEq)]
pub struct RevealDialogProps {
    /// The key's name, for context.
    pub name: AttrValue,
    /// The full key: the only time it is ever shown.
    pub secret: SecretKey,
    /// Called when the user is done (Done or Escape).
    pub on_done: Callback<()>,
}

#[derive(Clone, PartialEq)]
enum CopyStatus {
    Idle,
    Copied,
    Failed(String),
}

/// Shows a freshly created key once.
#[component]
pub fn RevealDialog(props: &RevealDialogProps) -> Html {
    let status = use_state(|| CopyStatus::Idle);
    let field_ref = use_node_ref();
    let field_id = use_memo((), |_| unique_id("secret"));
    let warning_id = use_memo((), |_| unique_id("secret-warning"));

    {
        let field_ref = field_ref.clone();
        use_effect_with(props.secret.clone(), move |secret| {
            let field = field_ref.cast::<HtmlTextAreaElement>();
            if let Some(field) = &field {
                field.set_value(secret.expose());
            }
            // The field's JavaScript string cannot be overwritten, only let go of.
            move || {
                if let Some(field) = field {
                    field.set_value("");
                }
            }
        });
    }

    let copy = {
        let status = status.clone();
        let field_ref = field_ref.clone();
        let secret = props.secret.clone();
        Callback::from(move |_: MouseEvent| {
            // Started here, so nothing waiting on the clipboard holds a copy of the key.
            let copying = copy_text(secret.expose());
            let status = status.clone();
            let field_ref = field_ref.clone();
            spawn_local(async move {
                match copying.await {
                    Ok(()) => status.set(CopyStatus::Copied),
                    Err(reason) => {
                        // Let the user copy by hand: the whole key, selected.
                        if let Some(field) = field_ref.cast::<HtmlTextAreaElement>() {
                            let _ = field.focus();
                            field.select();
                        }
                        status.set(CopyStatus::Failed(reason));
                    }
                }
            });
        })
    };
    let select_all = Callback::from(|event: FocusEvent| {
        event
            .target_unchecked_into::<HtmlTextAreaElement>()
            .select();
    });
    let on_done = props.on_done.clone();
    let done = Callback::from(move |_: MouseEvent| on_done.emit(()));

    let message = match &*status {
        CopyStatus::Idle => String::new(),
        CopyStatus::Copied => "Copied to clipboard.".to_owned(),
        CopyStatus::Failed(reason) => format!(
            "Copying failed ({reason}). The key is selected: press Ctrl+C (⌘C on a Mac) to copy it."
        ),
    };

    html! {
        <Modal title={html! { "Save your key" }} on_close={props.on_done.clone()} class="reveal">
            <p id={(*warning_id).clone()} class="warning">
                <strong>{ "This key will not be shown again." }</strong>
                { " Store the key for " }<bdi>{ props.name.clone() }</bdi>
                { " somewhere safe now, such as a password manager. Keyward keeps only a \
                   fingerprint of it; if you lose it, create a new key." }
            </p>
            <div class="field">
                <label for={(*field_id).clone()}>{ "Secret key" }</label>
                <div class="secret-row">
                    // A textarea, so the whole key wraps into view on a narrow screen.
                    <textarea
                        ref={field_ref}
                        id={(*field_id).clone()}
                        class="secret"
                        rows="2"
                        readonly=true
                        autocomplete="off"
                        spellcheck="false"
                        autocapitalize="off"
                        aria-describedby={(*warning_id).clone()}
                        onfocus={select_all}
                    />
                    <button type="button" class="button secondary" onclick={copy} autofocus=true>
                        { "Copy" }
                    </button>
                </div>
                <p
                    class={classes!("copy-status", matches!(*status, CopyStatus::Failed(_)).then_some("failed"))}
                    role="status"
                >
                    { message }
                </p>
            </div>
            <div class="dialog-actions">
                <button type="button" class="button primary" onclick={done}>{ "Done" }</button>
            </div>
        </Modal>
    }
}
