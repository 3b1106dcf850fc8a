#!/usr/bin/env bash
# CSP applications under load: builds the release portal, starts it on a fresh embedded database
# whose e-mail goes to the SMTP sink in bench/enrollment-load.mjs, and runs that script against it.
# A benchmark, not a test: run it on a quiet machine.
#
#   bench/enrollment-load.sh [--concurrency 200] [--seconds 30]
set -euo pipefail
source "$(dirname "$0")/portal.sh"

# The sink starts with the script, before any applicant: the portal's first e-mail finds it.
smtp_port=$(free_port)
start_portal CSP_SMTP_URL="smtp://127.0.0.1:$smtp_port"
node bench/enrollment-load.mjs --url "http://127.0.0.1:$port" --pid "$pid" --smtp-port "$smtp_port" "$@"
