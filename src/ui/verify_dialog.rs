//! The "Verify a key" dialog: checks a pasted key offline and says what it is.

use web_sys::HtmlInputElement;
use yew::prelude::*;
use zeroize::Zeroizing;

use super::{unique_id, Modal};

/// What a verification found, as the dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictView {
    /// The verdict's word ("Valid", "Malformed", …).
    pub label: AttrValue,
    /// A plain sentence saying what it means.
    pub sentence: AttrValue,
}

#[derive(Properties, PartialEq)]
pub struct VerifyDialogProps {
    /// Verifies the pasted key (whose text wipes itself when dropped) and says what it is.
    pub on_verify: Callback<Zeroizing<String>, VerdictView>,
    /// Called when the dialog closes.
    pub on_close: Callback<()>,
}

/// Asks for a key and shows its verdict in a status region. The field is a password field,
/// so the key is not shown on screen, and it is emptied when the dialog closes.
#[component]
pub fn VerifyDialog(props: &VerifyDialogProps) -> Html {
    let verdict = use_state(|| None::<VerdictView>);
    let field = use_node_ref();
    let input_id = use_memo((), |_| unique_id("verify-key"));
    {
        // The pasted key leaves the page with the dialog.
        let field = field.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(input) = field.cast::<HtmlInputElement>() {
                    input.set_value("");
                }
            }
        });
    }
    let onsubmit = {
        let verdict = verdict.clone();
        let field = field.clone();
        let on_verify = props.on_verify.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = field.cast::<HtmlInputElement>() {
                verdict.set(Some(on_verify.emit(Zeroizing::new(input.value()))));
            }
        })
    };
    let on_close = props.on_close.clone();
    let close = Callback::from(move |_: MouseEvent| on_close.emit(()));

    html! {
        <Modal title={html! { "Verify a key" }} on_close={props.on_close.clone()}>
            <form class="dialog-form" {onsubmit} novalidate=true>
                <div class="field">
                    <label for={(*input_id).clone()}>{ "Key to verify" }</label>
                    <input
                        id={(*input_id).clone()}
                        ref={field}
                        type="password"
                        autofocus=true
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="kw_…"
                    />
                    <p class="field-hint">
                        { "Checked here, offline: its form and checksum, then its SHA-256 \
                           against your keys. The key is not stored." }
                    </p>
                </div>
                <div class="verdict" role="status">
                    if let Some(VerdictView { label, sentence }) = (*verdict).clone() {
                        <strong class={classes!("verdict-label", label.starts_with("Valid").then_some("ok"))}>{ label }</strong>
                        { " " }{ sentence }
                    }
                </div>
                <div class="dialog-actions">
                    <button type="button" class="button secondary" onclick={close}>{ "Close" }</button>
                    <button type="submit" class="button primary">{ "Verify" }</button>
                </div>
            </form>
        </Modal>
    }
}
