//! The "API keys" table: one page of the keys the search and the filter list.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::TokenRow;
use crate::core::lifecycle::{rotation_hint, status};
use crate::core::selection::{AllSelected, Selection};
use crate::core::view::{Sort, SortDirection};
use crate::core::{Column, ColumnVisibility, TokenRecord};

#[derive(Properties, PartialEq)]
pub struct TokenTableProps {
    /// Id of the heading that names the table.
    pub labelled_by: AttrValue,
    /// The keys of the page shown, in display order.
    pub tokens: Rc<Vec<Rc<TokenRecord>>>,
    /// The position (from 0) of the first of them in the whole list.
    pub first_row: usize,
    /// How many keys the whole list has, over every page.
    pub total_rows: usize,
    /// Which columns are shown.
    pub columns: ColumnVisibility,
    /// The order the list is in.
    pub sort: Sort,
    /// The time statuses are shown for.
    pub now: DateTime<Utc>,
    /// Whether the keys may only be looked at (the stored data is unreadable).
    #[prop_or_default]
    pub read_only: bool,
    /// The ticked keys, when keys can be ticked (`None`: no checkboxes).
    #[prop_or_default]
    pub selection: Option<Rc<Selection>>,
    /// What "Select all" shows.
    #[prop_or(AllSelected::None)]
    pub all_selected: AllSelected,
    /// Ticks or unticks every listed key.
    pub on_select_all: Callback<bool>,
    /// Ticks or unticks one key.
    pub on_select: Callback<(Uuid, bool)>,
    /// Sorts by a column (a click on its header).
    pub on_sort: Callback<Column>,
    /// Renames a key; returns the error to show inline.
    pub on_rename: Callback<(Uuid, String), Result<(), String>>,
    /// Asks to revoke a key.
    pub on_revoke: Callback<Uuid>,
    /// Asks to delete a revoked key's record.
    pub on_delete: Callback<Uuid>,
    /// Asks to give a key a new secret.
    pub on_regenerate: Callback<Uuid>,
}

/// One page of the table of keys; on narrow screens each row becomes a card (see the
/// stylesheet). It tells assistive technology how many rows the whole list has and where each
/// row shown stands in it, and which column it is sorted by.
#[component]
pub fn TokenTable(props: &TokenTableProps) -> Html {
    let select_all_ref = use_node_ref();
    {
        // "Mixed" exists only as a property, not as an attribute.
        let select_all_ref = select_all_ref.clone();
        use_effect_with(props.all_selected, move |state| {
            if let Some(input) = select_all_ref.cast::<HtmlInputElement>() {
                input.set_indeterminate(*state == AllSelected::Some);
            }
        });
    }
    let header = |column: Column| -> Html {
        let class = format!("col-{}", column.id());
        if !Sort::is_sortable(column) {
            return html! { <th scope="col" {class}>{ column.label() }</th> };
        }
        let direction = (props.sort.column == column).then_some(props.sort.direction);
        // The arrow is drawn by the stylesheet, with empty alternative text: it is in neither
        // the accessible name nor the text of the header; `aria-sort` says the same in words.
        let mark = match direction {
            Some(SortDirection::Ascending) => "sort-mark up",
            Some(SortDirection::Descending) => "sort-mark down",
            None => "sort-mark",
        };
        let onclick = props.on_sort.reform(move |_: MouseEvent| column);
        html! {
            <th scope="col" {class} aria-sort={direction.map(SortDirection::aria)}>
                <button type="button" class="sort-button" {onclick}>
                    { column.label() }
                    <span class={mark} aria-hidden="true"></span>
                </button>
            </th>
        }
    };
    let on_select_all = props.on_select_all.clone();
    let select_all = Callback::from(move |event: Event| {
        on_select_all.emit(event.target_unchecked_into::<HtmlInputElement>().checked());
    });
    html! {
        <div class="table-wrap">
            <table
                class="token-table"
                aria-labelledby={props.labelled_by.clone()}
                aria-rowcount={(props.total_rows + 1).to_string()}
            >
                <thead>
                    <tr aria-rowindex="1">
                        if props.selection.is_some() {
                            <th scope="col" class="col-select">
                                <label class="select-all">
                                    <input
                                        ref={select_all_ref}
                                        type="checkbox"
                                        checked={props.all_selected == AllSelected::All}
                                        onchange={select_all}
                                    />
                                    // Visible only where the header row is a bar of buttons.
                                    <span class="select-all-text">{ "Select all" }</span>
                                </label>
                            </th>
                        }
                        { for props.columns.visible().map(header) }
                    </tr>
                </thead>
                <tbody>
                    // Rows are not keyed by token: when the list changes (a search, a page, a
                    // sort), each row shows the key now at its position, updating its cells
                    // rather than being built again; an edit stays with its own key.
                    { for props.tokens.iter().enumerate().map(|(i, token)| html! {
                        <TokenRow
                            row_index={props.first_row + i + 2}
                            token={token.clone()}
                            status={status(token, props.now)}
                            rotation={rotation_hint(token, props.now)}
                            columns={props.columns}
                            read_only={props.read_only}
                            selected={props.selection.as_ref().map(|s| s.contains(token.id))}
                            on_select={props.on_select.clone()}
                            on_rename={props.on_rename.clone()}
                            on_revoke={props.on_revoke.clone()}
                            on_delete={props.on_delete.clone()}
                            on_regenerate={props.on_regenerate.clone()}
                        />
                    }) }
                </tbody>
            </table>
        </div>
    }
}
