#!/usr/bin/env bash
# Installs every tool Keyward needs to build, serve and test, skipping what is already present.
# Safe to run repeatedly. Expects Debian with Rust installed by rustup.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
GECKODRIVER_VERSION=0.37.1

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "Adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

if ! rustup component list --installed | grep -q '^clippy'; then
  rustup component add clippy
fi
if ! rustup component list --installed | grep -q '^rustfmt'; then
  rustup component add rustfmt
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "Installing Node.js and npm from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  log "Installing Chromium and ChromeDriver from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# The other two engines: Firefox ESR (with geckodriver, below) and WebKitGTK (its WebDriver
# server and MiniBrowser, which needs an X display: Xvfb).
missing_engines=()
command -v firefox-esr >/dev/null 2>&1 || missing_engines+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || missing_engines+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || missing_engines+=(xvfb)
command -v xauth >/dev/null 2>&1 || missing_engines+=(xauth)
if [ ${#missing_engines[@]} -gt 0 ]; then
  log "Installing ${missing_engines[*]} from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_engines[@]}"
fi

# The hosting example's test runs nginx in the foreground; the system service is not wanted.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  log "Installing nginx from Debian (for the hosting example's test)"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y nginx
  if [ -d /run/systemd/system ]; then as_root systemctl disable --now nginx; fi
  # Without systemd, the package's init script may have started it on port 80: stop it.
  if [ -f /run/nginx.pid ]; then as_root nginx -s quit || true; fi
fi

if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}\$"; then
  log "Installing trunk ${TRUNK_VERSION} (takes a while the first time)"
  cargo install trunk --version "${TRUNK_VERSION}" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$" ||
   ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  log "Installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
  # Not --locked: the published lock file names a yanked dependency.
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi

if ! geckodriver --version 2>/dev/null | grep -q "^geckodriver ${GECKODRIVER_VERSION} "; then
  log "Installing geckodriver ${GECKODRIVER_VERSION} (Firefox's WebDriver server)"
  cargo install geckodriver --version "${GECKODRIVER_VERSION}" --locked
fi

if [ ! -x node_modules/.bin/playwright ] || [ ! -x node_modules/.bin/wasm-opt ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "Installing the Node packages (Playwright test runner, binaryen's wasm-opt)"
  # Playwright must never download its own browsers: the Debian Chromium is used.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
