#!/usr/bin/env bash
# `make test`: install what is missing, then lint, unit and integration tests, the release build
# and the browser tests on it; ends with one line that counts every test run.
#
# The tools (cargo-leptos, the wasm-bindgen CLI, Chromium, the Node packages) are installed
# while clippy and the Rust tests compile: on two cores, one cargo build leaves a core idle
# during each large crate's single-threaded phases, and the downloads wait on the network.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"

log="$(mktemp)"
tools_log="$(mktemp)"
trap 'rm -f "$log" "$tools_log"' EXIT
started=$(date +%s)

run() {
  # clippy for the browser build needs the WebAssembly target before anything else
  scripts/install-tools.sh --target-only || return 1
  scripts/install-tools.sh --test >"$tools_log" 2>&1 &
  local tools=$!
  make --no-print-directory lint unit
  local rust=$?
  wait "$tools"
  local tools_status=$?
  cat "$tools_log"
  if [ "$tools_status" -ne 0 ]; then
    echo "installing the tools failed (see above)"
    return 1
  fi
  [ "$rust" -eq 0 ] || return "$rust"
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
