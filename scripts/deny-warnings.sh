#!/usr/bin/env bash
# Runs a cargo command and fails when the compiler or clippy warned. The workspace's crates are
# compiled by clippy-driver (RUSTC_WORKSPACE_WRAPPER, see the Makefile), so a build reports
# clippy's lints with rustc's; cargo replays the warnings of crates it does not recompile, so a
# warning is caught on every run, not only on the one that compiled it.
set -uo pipefail
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || exit "$status"
if sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -qE '^warning: .*generated [0-9]+ warnings?'; then
  echo "error: the compiler or clippy warned (see above); warnings fail the tests" >&2
  exit 1
fi
