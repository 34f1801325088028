//! The page buttons under the key table.
//!
//! A view function, not a component: it has no state of its own, and a component's lifecycle
//! code would add about a kilobyte to the download.

use yew::prelude::*;

use crate::core::listing::{grouped, Page};

/// "Previous page" and "Next page" around where `page` is in a list of `total` keys;
/// `on_page` gets the number (from 0) of the page to show. The position is a polite live
/// region, so a screen reader says where a press of either button landed.
pub fn pager(page: Page, total: usize, on_page: Callback<usize>) -> Html {
    let go = |number: usize| on_page.reform(move |_: MouseEvent| number);
    html! {
        <nav class="pager" aria-label="Pages">
            <button
                type="button"
                class="button secondary small"
                disabled={page.number == 0}
                onclick={go(page.number.saturating_sub(1))}
            >
                { "Previous page" }
            </button>
            <p class="pager-position" aria-live="polite">
                <span>{ format!("Page {} of {}", grouped(page.number + 1), grouped(page.count)) }</span>
                <span class="muted">
                    { format!("Keys {}\u{2013}{} of {}", grouped(page.start + 1), grouped(page.end), grouped(total)) }
                </span>
            </p>
            <button
                type="button"
                class="button secondary small"
                disabled={page.number + 1 >= page.count}
                onclick={go(page.number + 1)}
            >
                { "Next page" }
            </button>
        </nav>
    }
}
