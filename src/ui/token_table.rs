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
    /// The active tokens, in display order.
    pub tokens: Rc<Vec<Rc<TokenRecord>>>,
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

/// The table of active keys; on narrow screens each row becomes a card (see the stylesheet).
#[component]
pub fn TokenTable(props: &TokenTableProps) -> Html {
    html! {
        <div class="table-wrap">
            <table class="token-table" aria-labelledby={props.labelled_by.clone()}>
                <thead>
                    <tr>
                        { for props.columns.visible().map(|column| html! {
                            <th scope="col" class={format!("col-{}", column.id())}>
                                { column.label() }
                            </th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for props.tokens.iter().map(|token| html! {
                        <TokenRow
                            key={token.id.to_string()}
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
