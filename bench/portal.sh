# What the load benchmarks share (sourced, not run): the release build, and a portal on a fresh
# embedded database in a temporary directory, stopped and removed when the benchmark ends.
#
#   source bench/portal.sh
#   start_portal [NAME=VALUE ...]   # settings for the portal; sets $port, $pid and $work
#
# SKIP_BUILD=1 uses the release build as it is; BENCH_BINARY names another binary; BENCH_DEBUG=1
# prints the portal's most frequent log lines at the end.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop_portal() {
  [[ -n "${BENCH_DEBUG:-}" ]] && grep -v " INFO " "$work/server.log" | sort | uniq -c | sort -rn | head -20 >&2
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}

start_portal() {
  if [[ -z "${SKIP_BUILD:-}" ]]; then
    make build >&2
  fi
  local binary="${BENCH_BINARY:-$target/release/csp-portal}"
  work=$(mktemp -d -t csp-portal-bench-XXXXXX)
  port=$(free_port)
  env CSP_LISTEN="127.0.0.1:$port" CSP_DATA_DIR="$work/data" CSP_PUBLIC_URL="http://127.0.0.1:$port" \
    CSP_LOG="${CSP_LOG:-warn}" LEPTOS_SITE_ROOT="$root/target/site" "$@" "$binary" >"$work/server.log" 2>&1 &
  pid=$!
  trap stop_portal EXIT
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && return 0
    sleep 0.2
  done
  echo "the portal did not get ready:" >&2
  cat "$work/server.log" >&2
  exit 1
}
