#!/usr/bin/env bash
# `make test`: install what is missing, then lint, unit and integration tests, and the browser
# tests; ends with one line that counts every test run.
set -uo pipefail
cd "$(dirname "$0")/.."

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

make --no-print-directory tools-test lint unit e2e 2>&1 | tee "$log"
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
echo
echo "cargo: $cargo_passed passed, $cargo_failed failed; browser: $e2e_passed passed, $e2e_failed failed"
echo "total: $passed passed, $failed failed"
exit "$status"
