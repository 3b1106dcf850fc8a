#!/usr/bin/env bash
# Sign-in under load: builds the release portal, starts it on a fresh embedded database (no SMTP)
# and runs bench/sign-in-load.mjs against it. A benchmark, not a test: run it on a quiet machine.
#
#   bench/sign-in-load.sh [--concurrency 200] [--seconds 30]
set -euo pipefail
source "$(dirname "$0")/portal.sh"

start_portal
link=$(grep -o "http://[^ ]*/setup?token=[A-Za-z0-9_-]*" "$work/server.log" | tail -1)
if [[ -z "$link" ]]; then
  echo "the portal printed no set-up link:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
node bench/sign-in-load.mjs --url "http://127.0.0.1:$port" --pid "$pid" --setup-link "$link" "$@"
