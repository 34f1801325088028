//! The "Search keys" field above the table.
//!
//! A view function, not a component: it has no state of its own, and a component's lifecycle
//! code would add about a kilobyte to the download.

use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// A search field labelled "Search keys" showing `value`; `on_search` gets the new text at
/// every keystroke (no delay), and an empty text on Escape. `input_ref` lets the owner give it
/// focus back. `id` ties the label to the field.
pub fn search_box(
    id: AttrValue,
    value: AttrValue,
    on_search: Callback<String>,
    input_ref: NodeRef,
) -> Html {
    let oninput = on_search
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            on_search.emit(String::new());
        }
    });
    html! {
        <div class="search">
            <label for={id.clone()} class="visually-hidden">{ "Search keys" }</label>
            <input
                ref={input_ref}
                {id}
                type="search"
                {value}
                placeholder="Search by name"
                autocomplete="off"
                spellcheck="false"
                {oninput}
                {onkeydown}
            />
        </div>
    }
}
