#!/usr/bin/env bash
# Installs every tool Keyward needs to build, serve and test, skipping what is already present.
# Safe to run repeatedly. Expects Debian with Rust installed by rustup.
# The Debian packages download and install in the background while the Rust tools compile.
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

# Debian packages: Node.js and npm; Chromium and ChromeDriver; the other two engines, Firefox
# ESR (its driver, geckodriver, is built below) and WebKitGTK (its WebDriver server and
# MiniBrowser, which needs an X display: Xvfb); nginx for the hosting example's test.
packages=()
need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || packages+=("$2"); }
need node nodejs
need npm npm
need chromium chromium
need chromedriver chromium-driver
need firefox-esr firefox-esr
need WebKitWebDriver webkit2gtk-driver
need xvfb-run xvfb
need xauth xauth
need nginx nginx

apt_pid=
apt_log=
if [ ${#packages[@]} -gt 0 ]; then
  log "Installing ${packages[*]} from Debian (in the background)"
  apt_log=$(mktemp)
  (
    as_root apt-get update &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}"
  ) >"$apt_log" 2>&1 &
  apt_pid=$!
fi

if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}\$"; then
  log "Installing trunk ${TRUNK_VERSION} (takes a while the first time)"
  # Trunk's own release profile asks for fat LTO in one codegen unit, which doubles its build
  # time; a build tool does not need it.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "${TRUNK_VERSION}" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$" ||
   ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  log "Installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
  # Not --locked: the published lock file names a yanked dependency.
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi

if ! geckodriver --version 2>/dev/null | grep -qx "geckodriver ${GECKODRIVER_VERSION}"; then
  log "Installing geckodriver ${GECKODRIVER_VERSION} (Firefox's WebDriver server)"
  cargo install geckodriver --version "${GECKODRIVER_VERSION}" --locked
fi

if [ -n "$apt_pid" ]; then
  if ! wait "$apt_pid"; then
    cat "$apt_log"
    echo "Installing the Debian packages failed (output above)." >&2
    exit 1
  fi
  rm -f "$apt_log"
  log "Installed ${packages[*]}"
  if [[ " ${packages[*]} " == *" nginx "* ]]; then
    # The hosting example's test runs nginx in the foreground; the system service is not wanted.
    if [ -d /run/systemd/system ]; then as_root systemctl disable --now nginx; fi
    # Without systemd, the package's init script may have started it on port 80: stop it.
    if [ -f /run/nginx.pid ]; then as_root nginx -s quit || true; fi
  fi
fi

if [ ! -x node_modules/.bin/playwright ] || [ ! -x node_modules/.bin/wasm-opt ] ||
   [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "Installing the Node packages (Playwright test runner, binaryen's wasm-opt, ws)"
  # Playwright must never download its own browsers: the Debian Chromium is used.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
