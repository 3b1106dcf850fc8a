#!/usr/bin/env bash
# `make build`: the release build that `make run` serves and `make test` tests — the server binary
# and the compressed browser bundle in target/site.
#
# cargo-leptos re-runs wasm-bindgen, wasm-opt and the compression on every call, even when nothing
# changed (about 1.5 minutes here). So the build is skipped when a fingerprint of everything it
# reads (the sources, the lock file, the tool versions and the build settings) equals the one the
# last successful build left, and the files it made are all still there.
#
#   scripts/build.sh                   build (warnings are shown, the build goes on)
#   scripts/build.sh --deny-warnings   fail when the compiler or clippy warned (`make test`)
#
# Clippy's lints run inside this build: the workspace's crates are compiled by clippy-driver
# (RUSTC_WORKSPACE_WRAPPER), as in `make unit`, so the tests, the lint and `make run` share one
# compile. A build with warnings leaves no fingerprint, so the next call shows them again.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DENY_WARNINGS=0
case "${1:-}" in
  --deny-warnings) DENY_WARNINGS=1 ;;
  "") ;;
  *) echo "usage: $0 [--deny-warnings]" >&2; exit 2 ;;
esac
export RUSTC_WORKSPACE_WRAPPER="${RUSTC_WORKSPACE_WRAPPER:-$(rustc --print sysroot)/bin/clippy-driver}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
binary="$TARGET_DIR/release/csp-portal"
hash_file="$TARGET_DIR/release/hash.txt"
pkg="$ROOT/target/site/pkg"
stamp="$ROOT/target/site/.build-fingerprint"

fingerprint() {
  {
    rustc -V
    cargo leptos --version
    wasm-bindgen --version
    wasm-opt --version
    "$RUSTC_WORKSPACE_WRAPPER" -V
    echo "RUSTFLAGS=${RUSTFLAGS:-} LEPTOS_OUTPUT_NAME=${LEPTOS_OUTPUT_NAME:-} TARGET_DIR=$TARGET_DIR"
    echo "RUSTC_WORKSPACE_WRAPPER=$RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS=${CLIPPY_ARGS:-}"
    # every file the build reads; tests and benchmarks are not part of it
    find Cargo.toml Cargo.lock app frontend server style public -type f \
      -not -path '*/tests/*' -not -path '*/benches/*' -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum
  } 2>&1 | sha256sum | cut -d' ' -f1
}

# true when every file the last build made is still there
outputs_present() {
  [ -x "$binary" ] && [ -f "$hash_file" ] || return 1
  local names name
  names="$(scripts/site-files.sh "$hash_file" 2>/dev/null)" || return 1
  for name in $names; do
    [ -f "$pkg/$name" ] && [ -f "$pkg/$name.br" ] || return 1
  done
}

now="$(fingerprint)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$now" ] && outputs_present; then
  echo "release build is up to date (nothing it reads changed since the last build)"
  exit 0
fi

rm -f "$stamp"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
cargo leptos build --release --precompress 2>&1 | tee "$out"
scripts/prune-site.sh
outputs_present || { echo "the release build did not leave the binary and the bundle it names" >&2; exit 1; }
if sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -qE 'warning: .*generated [0-9]+ warnings?'; then
  if [ "$DENY_WARNINGS" = 1 ]; then
    echo "error: the compiler or clippy warned (see above); warnings fail the tests" >&2
    exit 1
  fi
  echo "the release build has warnings (see above)" >&2
  exit 0
fi
# the sources as they were when the build started: a file edited during the build changes the
# fingerprint, so the next call builds again
echo "$now" >"$stamp"
