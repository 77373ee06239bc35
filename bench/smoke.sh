#!/usr/bin/env bash
# CI smoke check against an already running Liveroom: zero loss or a non-zero exit. No timings are judged.
#   bench/smoke.sh http://127.0.0.1:8080/
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
[ -d "$BENCH/node_modules/ws" ] || (cd "$BENCH" && npm ci --no-audit --no-fund >/dev/null)
exec node "$BENCH/smoke.js" "${1:-${LIVEROOM_URL:-http://127.0.0.1:8080/}}" "${@:2}"
