#!/usr/bin/env bash
# Builds the release and audits it with Lighthouse; the scores land in docs/lighthouse.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
trunk build --release
node scripts/lighthouse.mjs
