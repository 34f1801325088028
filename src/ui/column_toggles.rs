//! The "Columns" checkboxes that show and hide table columns.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::{Column, ColumnVisibility};

#[derive(Properties, PartialEq)]
pub struct ColumnTogglesProps {
    /// The current choice.
    pub columns: ColumnVisibility,
    /// Called with a column and whether it should be shown.
    pub on_toggle: Callback<(Column, bool)>,
}

/// One checkbox per column. The last visible column cannot be unchecked.
#[component]
pub fn ColumnToggles(props: &ColumnTogglesProps) -> Html {
    html! {
        <fieldset class="column-toggles">
            <legend>{ "Columns" }</legend>
            { for Column::ALL.into_iter().map(|column| {
                let on_toggle = props.on_toggle.clone();
                let onchange = Callback::from(move |event: Event| {
                    let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
                    on_toggle.emit((column, checked));
                });
                let last = props.columns.is_last_visible(column);
                html! {
                    <label class="toggle" title={last.then_some("At least one column must stay visible.")}>
                        <input
                            type="checkbox"
                            checked={props.columns.is_visible(column)}
                            disabled={last}
                            {onchange}
                        />
                        <span>{ column.label() }</span>
                    </label>
                }
            }) }
        </fieldset>
    }
}
