#!/usr/bin/env bash
# Sign-in under load: builds the release portal, starts it on a fresh embedded database (no SMTP)
# and runs bench/sign-in-load.mjs against it. A benchmark, not a test: run it on a quiet machine.
#
#   bench/sign-in-load.sh [--concurrency 200] [--seconds 30]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  make build-release >&2
fi
binary="$target/release/csp-portal"

work=$(mktemp -d -t csp-portal-bench-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CSP_LISTEN="127.0.0.1:$port" CSP_DATA_DIR="$work/data" CSP_PUBLIC_URL="http://127.0.0.1:$port" \
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
link=$(grep -o "http://[^ ]*/setup?token=[A-Za-z0-9_-]*" "$work/server.log" | tail -1)
if [[ -z "$link" ]]; then
  echo "the portal printed no set-up link:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
node bench/sign-in-load.mjs --url "http://127.0.0.1:$port" --pid "$pid" --setup-link "$link" "$@"
