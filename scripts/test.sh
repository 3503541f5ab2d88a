#!/usr/bin/env bash
# The project's test command: bash scripts/test.sh
#
# Installs what is missing (scripts/setup.sh), then: rustfmt check, clippy on the native crates
# (core, charts, mapping, mapper, exporter) and on the four wasm binaries (the page, its engine,
# exporter and mapper workers), the native crates' tests, a minute of fuzzing the loader and the
# report (core/tests/fuzz.rs; a failing input is saved in target/fuzz-failures), a release build
# with Trunk, and the browser tests (node:test + playwright-core driving Debian's chromium).
# Stops at the first failing step.
#
# Needs the shared fixtures beside the repo (../shared/data/fixtures) or KPI_FIXTURES set.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$PWD"

TOTAL_STEPS=9
STEP_NO=0
PASSED_STEPS=()
LOG_DIR="$REPO_ROOT/target/test-logs"
START_TIME=$SECONDS

header() {
  printf '\n==================================================================\n'
  printf '=== [%d/%d] %s\n' "$STEP_NO" "$TOTAL_STEPS" "$1"
  printf '==================================================================\n'
}

# run_step NAME CMD...: runs CMD under a header; on failure prints a banner and exits with its code.
run_step() {
  local name="$1"
  shift
  STEP_NO=$((STEP_NO + 1))
  header "$name"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! FAILED: step %d/%d "%s" (exit code %d)\n' "$STEP_NO" "$TOTAL_STEPS" "$name" "$rc" >&2
    if [ "${#PASSED_STEPS[@]}" -gt 0 ]; then
      printf '!!! passed before it: %s\n' "$(IFS=','; echo "${PASSED_STEPS[*]}" | sed 's/,/, /g')" >&2
    fi
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf 'scripts/test.sh: FAILED at step %d/%d: %s\n' "$STEP_NO" "$TOTAL_STEPS" "$name"
    exit "$rc"
  fi
  PASSED_STEPS+=("$name")
  printf -- '--- ok: %s (%ds)\n' "$name" "$((SECONDS - t0))"
}

# logged FILE CMD...: runs CMD, showing its output and keeping a copy in $LOG_DIR/FILE.
logged() {
  local log="$LOG_DIR/$1"
  shift
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

check_fixtures() {
  local dir="${KPI_FIXTURES:-$REPO_ROOT/../shared/data/fixtures}"
  if [ ! -f "$dir/small.json" ] || [ ! -f "$dir/small.all.expected.json" ]; then
    echo "error: shared fixtures not found in $dir" >&2
    echo "       (the repo needs shared/ beside it, i.e. ../shared/data/fixtures, or KPI_FIXTURES set)" >&2
    return 1
  fi
  echo "fixtures: $dir"
}

setup_step() {
  bash scripts/setup.sh && check_fixtures
}

mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR"/cargo-test.log "$LOG_DIR"/fuzz.log "$LOG_DIR"/e2e.log "$LOG_DIR"/cube.log

run_step "setup (scripts/setup.sh)" setup_step

# Tools from npm (wasm-opt 132 from binaryen) come first; cargo-installed ones (trunk,
# wasm-bindgen) next.
export PATH="$REPO_ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

run_step "cargo fmt --all -- --check" cargo fmt --all -- --check
NATIVE=(-p kpi-core -p kpi-charts -p kpi-mapping -p kpi-mapper -p kpi-exporter)
WASM=(-p service-kpi-dashboard -p kpi-engine -p kpi-exporter -p kpi-mapper)
run_step "cargo clippy (native crates) -- -D warnings" \
  cargo clippy "${NATIVE[@]}" --all-targets -- -D warnings
run_step "cargo clippy (wasm: page, engine, exporter and mapper) -- -D warnings" \
  cargo clippy "${WASM[@]}" --target wasm32-unknown-unknown -- -D warnings
run_step "cargo test (native crates)" logged cargo-test.log cargo test "${NATIVE[@]}"
# Random cases from a fresh seed (printed) on top of the fixed ones `cargo test` just ran.
run_step "fuzz the loader and the report (60 s)" logged fuzz.log \
  env KPI_FUZZ_SECONDS=60 cargo test -p kpi-core --test fuzz -- --nocapture
run_step "trunk build --release" trunk build --release
run_step "browser tests: node --test tests/e2e/" logged e2e.log node --test tests/e2e/
# The cube's SQL on both engines it promises (issue 14): DuckDB from PyPI, and Spark SQL through
# pyspark in local mode with Java 17 from apt; cube/setup.sh installs what is missing.
# The interpreter: python3 on PATH when pip may install into it; Debian's own Python refuses
# (PEP 668, EXTERNALLY-MANAGED), so then a virtual environment under target/.
cube_python() {
  if python3 -c 'import os, sys, sysconfig
sys.exit(os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
    command -v python3
    return
  fi
  local venv="$REPO_ROOT/target/cube-venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2 || {
      sudo_if_needed apt-get install -y -qq python3-venv >&2 && python3 -m venv "$venv" >&2
    } || return 1
  fi
  echo "$venv/bin/python"
}
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
cube_step() {
  local py
  py=$(cube_python) || return 1
  echo "cube: $py"
  PYTHON="$py" bash cube/setup.sh && "$py" cube/test_cube.py
}
run_step "cube SQL on DuckDB and Spark: python3 cube/test_cube.py" logged cube.log cube_step

# Totals from the two test runners' own summaries: cargo's "test result: ok. N passed; M failed;
# K ignored" lines, and node's "# pass N" / "# fail N" / "# skipped N" (TAP) or "ℹ pass N" (spec).
read -r cargo_pass cargo_fail cargo_skip < <(
  grep -E '^test result:' "$LOG_DIR/cargo-test.log" |
    awk '{ for (i = 1; i <= NF; i++) {
             if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i } }
         END { print p + 0, f + 0, s + 0 }'
)
read -r node_pass node_fail node_skip < <(
  sed -E 's/^(# |ℹ )//' "$LOG_DIR/e2e.log" |
    awk '$1 == "pass" && NF == 2 { p = $2 } $1 == "fail" && NF == 2 { f = $2 }
         $1 == "skipped" && NF == 2 { s = $2 } END { print p + 0, f + 0, s + 0 }'
)
# test_cube.py ends with "N passed, M failed".
read -r cube_pass cube_fail < <(
  awk '$2 == "passed," && $4 == "failed" { p = $1; f = $3 } END { print p + 0, f + 0 }' "$LOG_DIR/cube.log"
)
pass=$((cargo_pass + node_pass + cube_pass))
fail=$((cargo_fail + node_fail + cube_fail))
skip=$((cargo_skip + node_skip))

printf '\n==================================================================\n'
printf 'scripts/test.sh: all %d steps passed in %ds (cargo test: %d passed; browser tests: %d passed; cube: %d passed)\n' \
  "$TOTAL_STEPS" "$((SECONDS - START_TIME))" "$cargo_pass" "$node_pass" "$cube_pass"
if [ "$skip" -gt 0 ]; then
  printf 'tests: %d passed, %d failed, %d skipped\n' "$pass" "$fail" "$skip"
else
  printf 'tests: %d passed, %d failed\n' "$pass" "$fail"
fi
