//! The full key leaves WebAssembly memory when the reveal closes: every Rust-side copy is
//! overwritten, not merely freed (freed memory keeps its bytes until something reuses it).
//!
//! The tests read the key only as a JavaScript string and scan the linear memory from
//! JavaScript, so they never copy the key into the memory they scan.
//!
//! The hash function's copies on the stack show only in the optimised build: unoptimised,
//! its own later calls happen to overwrite them. So `scripts/test.sh` runs this module with
//! `--release` as well.

use chrono::Utc;
use js_sys::{Array, Promise, Reflect};
use keyward::core::{mint_token, TokenName};
use keyward::platform::random::SystemRandom;
use keyward::platform::text::BrowserUnicode;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;
use yew::scheduler::flush;

use crate::app::{mount, unmount};
use crate::dom::*;

#[wasm_bindgen(inline_js = r#"
const KEY_PATTERN = /kw_[0-9A-Za-z]{36}/g;
// A freed block loses its first bytes to the allocator's bookkeeping and keeps the rest, so
// pieces of this length are looked for too. Any 16 characters include at least 8 of the 28
// that the masked form hides.
const PIECE = 16;

// The linear memory as text, one character per byte (Latin-1), for searching.
function memoryText(memory) {
    return new TextDecoder("latin1").decode(new Uint8Array(memory.buffer));
}

function offsetsOf(text, needle) {
    const offsets = [];
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
        offsets.push(at);
    }
    return offsets;
}

export function looks_like_key(value) {
    return typeof value === "string" && new RegExp(`^${KEY_PATTERN.source}$`).test(value);
}

export function key_like_texts(memory) {
    return memoryText(memory).match(KEY_PATTERN) ?? [];
}

export function key_offsets(memory, key) {
    return offsetsOf(memoryText(memory), key);
}

export function piece_offsets(memory, key) {
    const text = memoryText(memory);
    const offsets = new Set();
    for (let start = 0; start + PIECE <= key.length; start++) {
        for (const at of offsetsOf(text, key.slice(start, start + PIECE))) {
            offsets.add(at - start);
        }
    }
    return [...offsets].sort((a, b) => a - b);
}

export function new_key_like_texts(memory, before) {
    const known = new Set(before);
    return (memoryText(memory).match(KEY_PATTERN) ?? []).filter((text) => !known.has(text)).length;
}

export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
"#)]
extern "C" {
    /// Whether `value` is a string in the key format.
    fn looks_like_key(value: &JsValue) -> bool;
    /// Every text in `memory` in the key format, as JavaScript strings.
    fn key_like_texts(memory: &JsValue) -> Array;
    /// Where `key` occurs in `memory`, byte for byte.
    fn key_offsets(memory: &JsValue, key: &JsValue) -> Array;
    /// Where a 16-character piece of `key` occurs in `memory` (the offset of the whole key,
    /// had it been there in full).
    fn piece_offsets(memory: &JsValue, key: &JsValue) -> Array;
    /// How many texts in the key format are in `memory` that were not among `before`.
    fn new_key_like_texts(memory: &JsValue, before: &Array) -> u32;
    fn sleep(ms: u32) -> Promise;
}

/// The offsets in a JavaScript array of numbers, for assertion messages.
fn offsets(array: Array) -> Vec<f64> {
    array.iter().filter_map(|value| value.as_f64()).collect()
}

/// What a scan of the wasm memory found of `key`.
struct Scan {
    whole: Vec<f64>,
    pieces: Vec<f64>,
    new_key_like: u32,
}

fn scan(key: &JsValue, before: &Array) -> Scan {
    let memory = wasm_bindgen::memory();
    Scan {
        whole: offsets(key_offsets(&memory, key)),
        pieces: offsets(piece_offsets(&memory, key)),
        new_key_like: new_key_like_texts(&memory, before),
    }
}

/// Minting (random bytes, the key, its hash and masked form) leaves exactly one copy: the key
/// it returns, which wipes itself when dropped.
#[wasm_bindgen_test]
fn a_minted_key_has_one_copy_and_none_once_dropped() {
    let before = key_like_texts(&wasm_bindgen::memory());
    let name = TokenName::parse("memory", &BrowserUnicode).expect("a valid name");
    let (_record, key) = mint_token(name, &mut SystemRandom, Utc::now()).expect("a key");
    // Made by JavaScript from the key's bytes in place, so no copy in wasm memory.
    let text = JsValue::from_str(key.expose());
    let held = scan(&text, &before);
    assert_eq!(
        held.whole.len(),
        1,
        "only the returned key holds its text (found at {:?}; offsets below 1 MiB are the \
         stack)",
        held.whole
    );
    assert_eq!(held.new_key_like, 1, "no other key-like text appeared");

    drop(key);
    let dropped = scan(&text, &before);
    assert!(
        dropped.pieces.is_empty(),
        "pieces of the key are still in wasm memory at {:?}",
        dropped.pieces
    );
    assert_eq!(dropped.new_key_like, 0, "no key-like text is left");
}

/// Creates a key through the dialogs and returns the open reveal dialog and the key, as the
/// JavaScript string in its field.
async fn reveal(root: &Element) -> (Element, JsValue) {
    button(root, "Create new secret key").click();
    flush().await;
    let create = dialog(root, "Create new secret key").expect("the create dialog opens");
    type_into(&input(&create, "Name"), "memory");
    flush().await;
    button(&create, "Create secret key").click();
    flush().await;
    let reveal = dialog(root, "Save your key").expect("the reveal dialog opens");
    let field = labelled(&reveal, "textarea", "Secret key");
    let key = Reflect::get(&field, &JsValue::from_str("value")).expect("the field has a value");
    assert!(looks_like_key(&key), "the field shows a key");
    (reveal, key)
}

/// How the reveal is closed.
enum Close {
    Done,
    Escape,
    /// Copy first (which clones the key for the clipboard), then Done.
    CopyThenDone,
}

async fn close(reveal: &Element, how: Close) {
    match how {
        Close::Done => button(reveal, "Done").click(),
        Close::Escape => press(reveal, "Escape"),
        Close::CopyThenDone => {
            button(reveal, "Copy").click();
            // Headless Chromium may refuse the clipboard; either answer takes the copy path.
            let status = all(reveal, "[role=status]")
                .pop()
                .expect("the reveal has a copy status");
            for _ in 0..100 {
                if !text(&status).is_empty() {
                    break;
                }
                JsFuture::from(sleep(20)).await.expect("a timer");
            }
            assert!(
                !text(&status).is_empty(),
                "the copy finished within 2 seconds"
            );
            flush().await;
            button(reveal, "Done").click();
        }
    }
    flush().await;
}

/// Creates a key, checks the scan finds it while the reveal is open, closes the reveal
/// (`how`), and checks nothing of the key is left in wasm memory.
async fn assert_closing_wipes_the_key(how: Close) {
    let (root, handle) = mount().await;
    // Texts left by earlier tests (which do copy keys into Rust strings) and by the program's
    // data are not this test's business.
    let before = key_like_texts(&wasm_bindgen::memory());

    let (reveal, key) = reveal(&root).await;
    let open = scan(&key, &before);
    assert!(
        !open.whole.is_empty() && open.new_key_like > 0,
        "the scan finds the key while it is shown (whole at {:?}, {} new key-like texts)",
        open.whole,
        open.new_key_like,
    );

    close(&reveal, how).await;
    assert!(
        dialog(&root, "Save your key").is_none(),
        "the reveal closed"
    );
    assert_nothing_left(&key, &before);
    unmount(root, handle).await;
}

/// Fails if the wasm memory holds `key`, a piece of it, or any key-like text that was not
/// there `before`.
fn assert_nothing_left(key: &JsValue, before: &Array) {
    let left = scan(key, before);
    assert!(
        left.whole.is_empty(),
        "the whole key is still in wasm memory at {:?}",
        left.whole
    );
    assert!(
        left.pieces.is_empty(),
        "pieces of the key are still in wasm memory at {:?}",
        left.pieces
    );
    assert_eq!(
        left.new_key_like, 0,
        "a text in the key format is still in wasm memory"
    );
}

#[wasm_bindgen_test]
async fn done_wipes_the_key_from_wasm_memory() {
    assert_closing_wipes_the_key(Close::Done).await;
}

#[wasm_bindgen_test]
async fn escape_wipes_the_key_from_wasm_memory() {
    assert_closing_wipes_the_key(Close::Escape).await;
}

#[wasm_bindgen_test]
async fn copying_then_done_wipes_the_key_from_wasm_memory() {
    assert_closing_wipes_the_key(Close::CopyThenDone).await;
}

/// A key pasted into "Verify a key" is read into wasm memory to be checked, and wiped there
/// once the verdict is shown.
#[wasm_bindgen_test]
async fn verifying_a_key_leaves_no_copy_in_wasm_memory() {
    let (root, handle) = mount().await;
    let before = key_like_texts(&wasm_bindgen::memory());
    let (reveal, key) = reveal(&root).await;
    close(&reveal, Close::Done).await;

    button(&root, "Verify a key").click();
    flush().await;
    let verify = dialog(&root, "Verify a key").expect("the verify dialog opens");
    // Pasted from JavaScript, so the test itself puts no copy into wasm memory.
    let field = input(&verify, "Key to verify");
    Reflect::set(&field, &JsValue::from_str("value"), &key).expect("the field takes the key");
    button(&verify, "Verify").click();
    flush().await;
    assert!(
        text(&verify).contains("Valid"),
        "the key verified: {}",
        text(&verify)
    );
    assert_nothing_left(&key, &before);
    unmount(root, handle).await;
}
