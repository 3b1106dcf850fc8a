#!/usr/bin/env bash
# Prints the names of the bundle files (js, wasm, css) that a hash.txt written by cargo-leptos
# names, one per line; fails unless it names all three. Used by build.sh and prune-site.sh.
set -euo pipefail
found=0
while IFS=: read -r kind hash; do
  kind="$(echo "$kind" | tr -d '[:space:]')"
  hash="$(echo "$hash" | tr -d '[:space:]')"
  case "$kind" in js | wasm | css) echo "csp-portal.$hash.$kind"; found=$((found + 1)) ;; esac
done <"$1"
[ "$found" -eq 3 ] || { echo "$1 does not name js, wasm and css" >&2; exit 1; }
