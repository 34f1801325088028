#!/usr/bin/env bash
# Runs every test layer, installing whatever is missing first:
#   formatting and lints (native and wasm32), native unit tests of the core, browser tests
#   (wasm-bindgen-test) in headless Chromium and headless Firefox ESR (the key-wiping ones again
#   optimised, in Chromium), the release build with its size budget, the end-to-end Playwright
#   specs in Chromium, the cross-engine flows in Firefox ESR and WebKitGTK, and Lighthouse,
#   all against that build served on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-tools.sh

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
GECKODRIVER_PATH="${GECKODRIVER:-$(command -v geckodriver)}"
# wasm-bindgen-test-runner picks the browser by which driver variable is set: one at a time.
unset GECKODRIVER
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

step() {
  local title=$1
  shift
  printf '\n\033[1m==> %s\033[0m\n' "$title"
  local started=$SECONDS
  "$@"
  printf '\033[2m(%s: %d s)\033[0m\n' "$title" $((SECONDS - started))
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
step "Browser tests (headless Firefox ESR)" \
  env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER_PATH" \
  cargo test --locked --target wasm32-unknown-unknown --test browser
step "Release build" trunk build --release
step "Download size budget" node scripts/check-size.mjs dist
step "End-to-end tests (Playwright, headless Chromium)" npx playwright test
# The flows that matter most, in Firefox ESR (headless) and WebKitGTK (MiniBrowser, which
# needs a display: a virtual one), both engines at once.
step "Cross-engine flows (Firefox ESR, WebKitGTK)" \
  env GECKODRIVER="$GECKODRIVER_PATH" xvfb-run -a -s "-screen 0 1920x1200x24" \
  node --test --test-concurrency=2 --test-reporter=spec tests/engines/
# Lighthouse's accessibility and best-practices scores, desktop and mobile; never its timings.
step "Lighthouse audits (headless Chromium)" node scripts/lighthouse.mjs --check

printf '\n\033[1;32mAll test layers passed.\033[0m\n'
