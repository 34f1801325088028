//! A group of radio buttons under a legend, for a choice of one among a few.
//!
//! A view function, not a component: it has no state of its own (the owner keeps the choice).

use yew::prelude::*;

/// A fieldset titled `legend` with one radio button per `(value, label)` of `choices` (the
/// buttons share the group `name`), `chosen` checked; `on_pick` gets the value picked.
/// `below` goes under the buttons, inside the group (a field a choice reveals). A radio button
/// fires `change` only when it becomes checked.
pub fn choice_group<T: Copy + PartialEq + 'static>(
    legend: &'static str,
    name: &'static str,
    choices: &[(T, &'static str)],
    chosen: T,
    on_pick: Callback<T>,
    below: Html,
) -> Html {
    html! {
        <fieldset class="field choice-group">
            <legend>{ legend }</legend>
            <div class="choices">
                { for choices.iter().map(|&(value, label)| {
                    let onchange = on_pick.reform(move |_: Event| value);
                    html! {
                        <label class="choice">
                            <input type="radio" {name} checked={chosen == value} {onchange} />
                            { label }
                        </label>
                    }
                }) }
            </div>
            { below }
        </fieldset>
    }
}
