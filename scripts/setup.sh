#!/usr/bin/env bash
# Installs what building and testing the dashboard needs, skipping whatever is already there.
# Idempotent; never downloads from GitHub (Trunk.toml has `offline = true`, so Trunk uses the
# wasm-bindgen and wasm-opt installed here instead of fetching its own).
#
#   rustup target wasm32-unknown-unknown, components rustfmt + clippy
#   trunk 0.21.14                        (cargo install)
#   wasm-bindgen-cli = Cargo.lock's wasm-bindgen (cargo install)
#   chromium + chromium-driver           (apt, Debian)
#   poppler-utils, python3-openpyxl      (apt: the tests read PDFs and XLSX back)
#   node_modules (binaryen's wasm-opt, playwright-core)  (npm ci)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION="0.21.14"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
  *":$CARGO_BIN:"*) ;;
  *) export PATH="$CARGO_BIN:$PATH" ;;
esac

step() { printf 'setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: ERROR: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

# 1. wasm32 target
if ! command -v rustup >/dev/null 2>&1; then
  echo "setup: ERROR: rustup not found; install Rust via rustup first" >&2
  exit 1
fi
if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  step "wasm32-unknown-unknown target: present, skipping"
else
  step "wasm32-unknown-unknown target: installing"
  rustup target add wasm32-unknown-unknown
fi

# 1b. rustfmt + clippy (used by scripts/test.sh; minimal rustup profiles lack them)
for component in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$component"; then
    step "rustup component $component: present, skipping"
  else
    step "rustup component $component: installing"
    rustup component add "$component"
  fi
done

# 2. trunk
have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_trunk" = "$TRUNK_VERSION" ]; then
  step "trunk $TRUNK_VERSION: present, skipping"
else
  step "trunk $TRUNK_VERSION: installing (found '${have_trunk:-none}'; cargo install takes a few minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli, same version as the wasm-bindgen crate in Cargo.lock
want_wb="$(awk '
  /^\[\[package\]\]/ { in_wb = 0 }
  /^name = "wasm-bindgen"$/ { in_wb = 1; next }
  in_wb && /^version = "/ { gsub(/^version = "|"$/, ""); print; exit }
' Cargo.lock)"
if [ -z "$want_wb" ]; then
  echo "setup: ERROR: no wasm-bindgen package found in Cargo.lock" >&2
  exit 1
fi
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wb" = "$want_wb" ]; then
  step "wasm-bindgen-cli $want_wb: present, skipping"
else
  step "wasm-bindgen-cli $want_wb: installing (found '${have_wb:-none}'; cargo install takes a few minutes)"
  # Deliberately without --locked (project policy for this tool).
  cargo install wasm-bindgen-cli --version "$want_wb"
fi

# 4. chromium + chromedriver (Debian packages; Playwright's own browser download is not used)
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  step "chromium + chromium-driver: present, skipping"
else
  step "chromium + chromium-driver: installing with apt"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi

# 4b. What the browser tests read exports back with: pdftotext/pdffonts (poppler-utils) for the
# printed report, openpyxl for the XLSX (both Debian packages).
missing=()
command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || missing+=(python3-openpyxl)
if [ "${#missing[@]}" -eq 0 ]; then
  step "poppler-utils + python3-openpyxl: present, skipping"
else
  step "${missing[*]}: installing with apt"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# 5. node_modules (binaryen provides wasm-opt 132, playwright-core drives chromium)
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: ERROR: npm not found; install Node.js 20+ first" >&2
  exit 1
fi
# npm ci writes node_modules/.package-lock.json; it is older than package-lock.json when the
# lock changed since the last install.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "node_modules: installing (npm ci)"
  npm ci --no-audit --no-fund
  touch node_modules/.package-lock.json
else
  step "node_modules: up to date, skipping"
fi

wasm_opt_version="$(./node_modules/.bin/wasm-opt --version 2>/dev/null || true)"
case "$wasm_opt_version" in
  *"version 132"*) step "wasm-opt: $wasm_opt_version" ;;
  *)
    echo "setup: ERROR: node_modules/.bin/wasm-opt --version printed '$wasm_opt_version', expected version 132" >&2
    exit 1
    ;;
esac

step "done"
