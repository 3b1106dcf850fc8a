#!/usr/bin/env bash
# CSP applications under load: builds the release portal, starts it on a fresh embedded database
# whose e-mail goes to the SMTP sink in bench/enrollment-load.mjs, and runs that script against it.
# A benchmark, not a test: run it on a quiet machine.
#
#   bench/enrollment-load.sh [--concurrency 200] [--seconds 30]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  make build-release >&2
fi
binary="${BENCH_BINARY:-$target/release/csp-portal}"

work=$(mktemp -d -t csp-portal-bench-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
smtp_port=$(free_port)
# The sink starts with the script, before any applicant: the portal's first e-mail finds it.
CSP_LISTEN="127.0.0.1:$port" CSP_DATA_DIR="$work/data" CSP_PUBLIC_URL="http://127.0.0.1:$port" \
  CSP_SMTP_URL="smtp://127.0.0.1:$smtp_port" \
  CSP_LOG=${CSP_LOG:-warn} LEPTOS_SITE_ROOT="$root/target/site" "$binary" >"$work/server.log" 2>&1 &
pid=$!
cleanup() {
  [[ -n "${BENCH_DEBUG:-}" ]] && grep -v " INFO " "$work/server.log" | sort | uniq -c | sort -rn | head -20 >&2
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break
  sleep 0.2
done
node bench/enrollment-load.mjs --url "http://127.0.0.1:$port" --pid "$pid" --smtp-port "$smtp_port" "$@"
