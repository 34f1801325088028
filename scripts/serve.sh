#!/usr/bin/env bash
# Installs whatever is missing, then serves Keyward with live reload at http://127.0.0.1:8080/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-tools.sh

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
printf '\n\033[1mKeyward will be served at http://127.0.0.1:8080/ (Ctrl+C stops it)\033[0m\n\n'
exec trunk serve "$@"
