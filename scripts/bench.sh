#!/usr/bin/env bash
# Builds the release and measures it, side by side with the Streamlit token table; the figures
# land in BENCHMARKS.md. --quick (100 and 1,000 keys, one page each) is for development and
# writes .bench-cache/bench-quick.md instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
trunk build --release
node scripts/bench.mjs "$@"
