//! The shared table of name lengths holds natively (the browser tests check it in the page).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use keyward::core::NativeUnicode;

#[test]
fn the_shared_table_of_lengths_holds_natively() {
    support::name_lengths::check_table(&NativeUnicode);
}
