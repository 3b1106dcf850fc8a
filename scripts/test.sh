#!/usr/bin/env bash
# `make test`: install what is missing, then lint, unit and integration tests, the release build
# and the browser tests on it; ends with one line that counts every test run.
#
# Two lines of work go on side by side, because on two cores one cargo build leaves a core idle
# during each large crate's single-threaded phases (the browser bundle's link-time optimisation
# above all), and the downloads wait on the network:
#   - fmt, then the unit and integration tests (every server-side target compiled with clippy's
#     lints, see the Makefile);
#   - the tools (cargo-leptos, the wasm-bindgen CLI, Chromium, the Node packages), then the
#     release build (`make build`, with clippy's lints too), whose browser half has its own
#     target directory and whose server half shares the tests' compiled dependencies.
# Together they are `make lint unit build`: a warning fails the run.
# The browser tests start when both are done.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/end2end/node_modules/.bin:$PATH"

log="$(mktemp)"
build_log="$(mktemp)"
trap 'rm -f "$log" "$build_log"' EXIT
started=$(date +%s)

build=""
stop_build() {
  [ -n "$build" ] && kill -TERM -- "-$build" 2>/dev/null
  return 0
}

run() {
  # clippy for the browser build needs the WebAssembly target before anything else
  scripts/install-tools.sh --target-only || return 1
  # its own process group, so that a failed lint or Ctrl-C stops it instead of waiting for it
  setsid -w bash -c '
    scripts/install-tools.sh --test || { echo "installing the tools failed (see above)"; exit 1; }
    make --no-print-directory build BUILD_ARGS=--deny-warnings ||
      { echo "the release build failed (see above)"; exit 1; }
  ' >"$build_log" 2>&1 &
  build=$!
  trap 'stop_build; exit 130' INT TERM
  make --no-print-directory fmt-check unit
  local rust=$?
  [ "$rust" -eq 0 ] || stop_build
  wait "$build"
  local build_status=$?
  echo "==> tools and release build"
  cat "$build_log"
  [ "$rust" -eq 0 ] || return "$rust"
  [ "$build_status" -eq 0 ] || return "$build_status"
  make --no-print-directory e2e
}

run 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# cargo: "test result: ok. 7 passed; 0 failed; ..."; Playwright: "  22 passed (18.7s)", "  1 failed"
read -r cargo_passed cargo_failed < <(
  grep -aoE 'test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$log" |
    awk '{ p += $4; f += $6 } END { print p + 0, f + 0 }'
)
read -r e2e_passed e2e_failed < <(
  sed 's/\x1b\[[0-9;]*m//g' "$log" |
    awk '/^ +[0-9]+ passed( |$)/ { p = $1 } /^ +[0-9]+ failed( |$)/ { f = $1 } END { print p + 0, f + 0 }'
)
passed=$((cargo_passed + e2e_passed))
failed=$((cargo_failed + e2e_failed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a step failed before or outside a test runner (build, lint, setup)
fi
elapsed=$(($(date +%s) - started))
echo
echo "cargo: $cargo_passed passed, $cargo_failed failed; browser: $e2e_passed passed, $e2e_failed failed"
echo "total: $passed passed, $failed failed in $((elapsed / 60)) min $((elapsed % 60)) s"
exit "$status"
