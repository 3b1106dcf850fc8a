#!/usr/bin/env bash
# Pages and files at the speed of the machine: the browser bundle's sizes (raw, gzip, brotli), then
# the requests/s of public pages and static files, each as a share of the portal's own /healthz
# in the same run (the cheapest request through the same middleware stack). Read the shares, not
# the absolute numbers: the machine is shared.
#
#   bench/pages.sh [--seconds N] [--connections N]
#
# It builds the release first (SKIP_BUILD=1 uses the release build as it is) and installs wrk
# from Debian when it is missing.
set -euo pipefail
seconds=5
connections=64
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "usage: bench/pages.sh [--seconds N] [--connections N]" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/portal.sh"
if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >&2
fi
start_portal

pkg="$root/target/site/pkg"
echo "## The browser bundle ($pkg)"
printf '%-44s %12s %12s %12s\n' file raw gzip brotli
for file in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  [[ -f "$file" ]] || continue
  raw=$(stat -c %s "$file")
  gz=$( [[ -f "$file.gz" ]] && stat -c %s "$file.gz" || gzip -9 -c "$file" | wc -c)
  br=$( [[ -f "$file.br" ]] && stat -c %s "$file.br" || echo "-")
  printf '%-44s %12s %12s %12s\n' "$(basename "$file")" "$raw" "$gz" "$br"
done

base="http://127.0.0.1:$port"
wasm=$(basename "$(ls "$pkg"/*.wasm | head -1)")
css=$(basename "$(ls "$pkg"/*.css | head -1)")
rate() {
  wrk -t2 -c"$connections" -d"${seconds}s" -H 'Accept-Encoding: br, gzip' "$base$1" |
    awk '/Requests\/sec/ { print $2 }'
}

echo
echo "## Requests/s (wrk, 2 threads, $connections connections, ${seconds} s each, Accept-Encoding: br, gzip)"
healthz=$(rate /healthz)
printf '%-36s %12s %8s\n' path requests/s share
printf '%-36s %12.0f %8s\n' /healthz "$healthz" 1.00
for path in / /join /apply /sign-in /directory "/pkg/$css" "/pkg/$wasm" /favicon.ico; do
  r=$(rate "$path")
  printf '%-36s %12.0f %8.3f\n' "$path" "$r" "$(echo "$r / $healthz" | bc -l)"
done
