#!/usr/bin/env bash
# After a release build: removes from target/site/pkg the bundle files of earlier builds
# (cargo-leptos leaves them), so the site directory holds exactly the build that
# target/release/hash.txt names and can be copied on its own (see the README's deployment notes).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
hash_file="$TARGET_DIR/release/hash.txt"
pkg="$ROOT/target/site/pkg"
[ -f "$hash_file" ] && [ -d "$pkg" ] || exit 0

mapfile -t keep < <("$ROOT/scripts/site-files.sh" "$hash_file") || exit 1
[ ${#keep[@]} -eq 3 ] || exit 1

for file in "$pkg"/csp-portal.*; do
  [ -e "$file" ] || continue
  name="$(basename "$file")"
  base="${name%.gz}"
  base="${base%.br}"
  wanted=0
  for k in "${keep[@]}"; do [ "$base" = "$k" ] && wanted=1; done
  if [ "$wanted" = 0 ]; then
    rm -f "$file"
  fi
done
