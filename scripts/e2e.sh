#!/usr/bin/env bash
# `make e2e [REPEAT=N]`: the browser suite on the release build, N times in a row (1 by default).
# Every run starts its own portals and SMTP sinks (end2end/tests/support/harness.ts); at the end,
# one line per run says how it went. Exits non-zero when any run failed.
set -uo pipefail
cd "$(dirname "$0")/../end2end"

runs="${1:-1}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "REPEAT must be a whole number from 1, not '$runs'" >&2
  exit 2
fi
target="${CARGO_TARGET_DIR:-$(cd .. && pwd)/target}"
export CSP_E2E_BINARY="${CSP_E2E_BINARY:-$target/release/csp-portal}"

lines=()
bad=0
for run in $(seq 1 "$runs"); do
  [ "$runs" -gt 1 ] && echo "==> browser suite, run $run of $runs"
  log="$(mktemp)"
  started=$(date +%s)
  npx playwright test 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  seconds=$(($(date +%s) - started))
  # Playwright's summary: "  61 passed (2.1m)", "  1 failed", "  2 skipped", "  3 did not run"
  counts="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
    /^ +[0-9]+ passed( |$)/ { p = $1 } /^ +[0-9]+ failed( |$)/ { f = $1 }
    /^ +[0-9]+ flaky( |$)/ { k = $1 } /^ +[0-9]+ skipped( |$)/ { s = $1 } /^ +[0-9]+ did not run( |$)/ { d = $1 }
    END { printf "%d passed, %d failed, %d flaky, %d skipped, %d did not run", p, f, k, s, d }')"
  rm -f "$log"
  lines+=("browser run $run of $runs: $counts in ${seconds} s (exit $status)")
  [ "$status" -ne 0 ] && bad=$((bad + 1))
done
echo
printf '%s\n' "${lines[@]}"
[ "$bad" -eq 0 ]
