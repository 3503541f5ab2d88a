#!/usr/bin/env bash
# The project's run command: bash scripts/serve.sh
# Installs what is missing (scripts/setup.sh), then builds and serves the release build with
# Trunk on http://127.0.0.1:8080/ (address and port are set in Trunk.toml), rebuilding on change.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh

# wasm-opt 132 (npm binaryen) first; trunk and wasm-bindgen from cargo.
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "serve: trunk serve --release (http://127.0.0.1:8080/)"
exec trunk serve --release "$@"
