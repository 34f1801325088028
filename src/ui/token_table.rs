//! The "API keys" table of active tokens.

use std::rc::Rc;

use uuid::Uuid;
use yew::prelude::*;

use super::TokenRow;
use crate::core::{ColumnVisibility, TokenRecord};

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
    /// Whether the keys may only be looked at (the stored data is unreadable).
    #[prop_or_default]
    pub read_only: bool,
    /// Renames a key; returns the error to show inline.
    pub on_rename: Callback<(Uuid, String), Result<(), String>>,
    /// Asks to revoke a key.
    pub on_revoke: Callback<Uuid>,
}

/// One page of the table of active keys; on narrow screens each row becomes a card (see the
/// stylesheet). It tells assistive technology how many rows the whole list has and where each
/// row shown stands in it.
#[component]
pub fn TokenTable(props: &TokenTableProps) -> Html {
    html! {
        <div class="table-wrap">
            <table
                class="token-table"
                aria-labelledby={props.labelled_by.clone()}
                aria-rowcount={(props.total_rows + 1).to_string()}
            >
                <thead>
                    <tr aria-rowindex="1">
                        { for props.columns.visible().map(|column| html! {
                            <th scope="col" class={format!("col-{}", column.id())}>
                                { column.label() }
                            </th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.tokens.iter().enumerate().map(|(i, token)| html! {
                        <TokenRow
                            key={token.id.to_string()}
                            row_index={props.first_row + i + 2}
                            token={token.clone()}
                            columns={props.columns}
                            read_only={props.read_only}
                            on_rename={props.on_rename.clone()}
                            on_revoke={props.on_revoke.clone()}
                        />
                    }) }
                </tbody>
            </table>
        </div>
    }
}
