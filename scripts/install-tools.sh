#!/usr/bin/env bash
# Installs what building and testing csp-portal needs and is not on the machine yet.
# Every step checks first, so a second run takes seconds. Only package registries are used
# (crates.io through cargo, npm, Debian through apt): nothing is downloaded from elsewhere.
#
#   scripts/install-tools.sh                build tools (wasm target, cargo-leptos, wasm-bindgen
#                                           CLI, the Node packages whose wasm-opt the build uses)
#   scripts/install-tools.sh --test         also the browser-test tools (Chromium, fonts)
#   scripts/install-tools.sh --target-only  only the wasm32-unknown-unknown target
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"   # 0.3.11's locked dependencies need rustc 1.96
WANT_TEST=0
TARGET_ONLY=0
case "${1:-}" in
  --test) WANT_TEST=1 ;;
  --target-only) TARGET_ONLY=1 ;;
  "") ;;
  *) echo "usage: $0 [--test | --target-only]" >&2; exit 2 ;;
esac

log() { printf '==> %s\n' "$*" >&2; }
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# These tools are built once per machine; a fast build beats a fast tool here (they spend their
# time waiting on cargo and rustc), so no LTO, many codegen units, light optimisation.
fast_install_env=(
  CARGO_PROFILE_RELEASE_LTO=false
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1
  CARGO_PROFILE_RELEASE_DEBUG=false
  CARGO_PROFILE_RELEASE_STRIP=true
)

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# 1. The WebAssembly target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
[ "$TARGET_ONLY" = 1 ] && exit 0

# 2. What comes from Debian and npm waits on the network rather than the CPU: it goes on in the
#    background while cargo compiles the Rust tools below.
downloads() {
  if [ "$WANT_TEST" = 1 ]; then
    # Debian's Chromium for Playwright (Playwright's own browser download cannot work here),
    # and fonts for Korean text in screenshots
    apt_install chromium-headless-shell fonts-noto-cjk
  fi
  # Node packages for the browser tests and the release build's wasm-opt (npm binaryen; Debian's
  # binaryen 108 silently breaks hydration of release builds).
  if [ ! -d "$ROOT/end2end/node_modules" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    log "installing Node packages (npm ci)"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
downloads &
downloads_pid=$!

# 3. cargo-leptos at a pinned version; no_downloads: it must never fetch binaries at build time.
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, several minutes)"
  env "${fast_install_env[@]}" cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" \
    --locked --features no_downloads
fi

# 4. The wasm-bindgen CLI at exactly the version of the wasm-bindgen crate in our Cargo.lock.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ -z "$WB_VERSION" ]; then
  echo "could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  log "installing wasm-bindgen-cli $WB_VERSION (once per machine, several minutes)"
  # The crate's own Cargo.lock pins webpki-roots 1.0.11, which was yanked, so `cargo install --locked`
  # fails. Build it from its crate source with that one lock entry moved to 1.0.10.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # `cargo info` downloads and unpacks the crate into cargo's registry cache.
  cargo info "wasm-bindgen-cli@$WB_VERSION" >/dev/null
  src="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name "wasm-bindgen-cli-$WB_VERSION" | head -n 1)"
  if [ -z "$src" ]; then
    echo "cargo did not unpack wasm-bindgen-cli $WB_VERSION" >&2
    exit 1
  fi
  cp -r "$src" "$work/cli"
  (
    cd "$work/cli"
    if grep -q 'name = "webpki-roots"' Cargo.lock && grep -A1 'name = "webpki-roots"' Cargo.lock | grep -q '1.0.11'; then
      cargo update -p webpki-roots@1.0.11 --precise 1.0.10
    fi
    env "${fast_install_env[@]}" cargo install --path . --locked --bin wasm-bindgen
  )
fi

if ! wait "$downloads_pid"; then
  echo "installing Debian or Node packages failed (see above)" >&2
  exit 1
fi
log "tools ready"
