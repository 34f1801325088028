#!/usr/bin/env bash
# Runs every test layer, installing whatever is missing first:
#   formatting and lints (native and wasm32), native unit tests of the core, browser tests in
#   headless Chromium (wasm-bindgen-test; the key-wiping ones again optimised), the release
#   build with its size budget, and the end-to-end Playwright specs against that build served
#   on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-tools.sh

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

step() {
  local title=$1
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$title"
  "$@"
}

step "Formatting" cargo fmt --all -- --check
step "Lints (native)" cargo clippy --locked --all-targets -- -D warnings
step "Lints (wasm32)" cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
step "Core tests (native)" cargo test --locked
step "Browser tests (headless Chromium)" \
  cargo test --locked --target wasm32-unknown-unknown --test browser
# Copies of a key that the optimiser places differently (the hash function's, on the stack).
step "Key wiping, optimised build (headless Chromium)" \
  cargo test --locked --release --target wasm32-unknown-unknown --test browser key_memory
step "Release build" trunk build --release
step "Download size budget" node scripts/check-size.mjs dist
step "End-to-end tests (Playwright, headless Chromium)" npx playwright test
# Lighthouse's accessibility and best-practices scores, desktop and mobile; never its timings.
step "Lighthouse audits (headless Chromium)" node scripts/lighthouse.mjs --check

printf '\n\033[1;32mAll test layers passed.\033[0m\n'
