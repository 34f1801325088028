//! The "Columns" checkboxes that show and hide table columns.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::{Column, ColumnVisibility};

#[derive(Properties, PartialEq)]
pub struct ColumnTogglesProps {
    /// The current choice.
    pub columns: ColumnVisibility,
    /// Called with a column and whether it should be shown. The change is shown once it
    /// reaches `columns`; the owner reports a refusal itself.
    pub on_toggle: Callback<(Column, bool)>,
}

/// One checkbox per column, always showing the saved choice: a change the owner could not
/// save leaves its box as it was. The last visible column cannot be unchecked.
#[component]
pub fn ColumnToggles(props: &ColumnTogglesProps) -> Html {
    html! {
        <fieldset class="column-toggles">
            <legend>{ "Columns" }</legend>
            { for Column::ALL.into_iter().map(|column| {
                let on_toggle = props.on_toggle.clone();
                let saved = props.columns.is_visible(column);
                let onchange = Callback::from(move |event: Event| {
                    let input = event.target_unchecked_into::<HtmlInputElement>();
                    let wanted = input.checked();
                    // The box goes back to the saved state at once; the change shows only
                    // when it is saved, by the re-render the new columns cause. A refused
                    // change leaves the columns, and so these props, unchanged: nothing
                    // would re-render, and the click would stay on screen as if it had
                    // been saved. Resetting here keeps this component's promise without
                    // asking its owner whether the save worked.
                    input.set_checked(saved);
                    on_toggle.emit((column, wanted));
                });
                let last = props.columns.is_last_visible(column);
                html! {
                    <label class="toggle" title={last.then_some("At least one column must stay visible.")}>
                        <input
                            type="checkbox"
                            checked={saved}
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
