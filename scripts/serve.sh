#!/usr/bin/env bash
# Build everything (installing what is missing) and serve the static site with its built-in sample data.
#   scripts/serve.sh [--port N] [--host H]      (or PORT=N / HOST=H; default localhost:8080)
set -euo pipefail
PORT="${PORT:-8080}"
HOST="${HOST:-localhost}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;; --port=*) PORT="${1#*=}"; shift ;;
    --host) HOST="$2"; shift 2 ;; --host=*) HOST="${1#*=}"; shift ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
bash "$(dirname "$0")/build.sh"
source "$(dirname "$0")/lib.sh"
cd "$RISKDIAL_ROOT/web"
log "serving web/dist on http://$HOST:$PORT/ (Ctrl-C to stop); offline copy: web/dist-single/riskdial.html"
exec ./node_modules/.bin/vite preview --host "$HOST" --port "$PORT" --strictPort
