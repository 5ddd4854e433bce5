#!/usr/bin/env bash
# Benchmarks: every `riskdial bench-<area>` natively (build/native/riskdial) and as WASM under Node
# (build/wasm/core/riskdial.js, the same engine code), with the wasm/native ratio per case; then the sizes of
# the built web app (raw and gzip). A subcommand that exits non-zero is reported as "not implemented".
#   scripts/bench.sh [--quick] [AREA...]      areas: csv metrics optimize backtest (default: all)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$RISKDIAL_ROOT"

QUICK=() AREAS=()
for a in "$@"; do
  case "$a" in --quick) QUICK=(--quick) ;; -h|--help) sed -n '2,5p' "$0"; exit 0 ;; *) AREAS+=("$a") ;; esac
done
[ ${#AREAS[@]} -eq 0 ] && AREAS=(csv metrics optimize backtest)

ensure_system_packages
ensure_node_modules
cmake_build native-release riskdial || die "native build failed"
cmake_build wasm-release riskdial riskdial_web_modules || die "wasm build failed"
build_web || die "web build failed"

OUT=build/bench
mkdir -p "$OUT"
for area in "${AREAS[@]}"; do
  log "bench-$area (native)"
  if ! build/native/riskdial "bench-$area" "${QUICK[@]}" >"$OUT/$area.native.json" 2>"$OUT/$area.native.err"; then
    echo "{\"benchmark\": \"$area\", \"not_implemented\": true, \"error\": $(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync(process.argv[1],"utf8").trim()))' "$OUT/$area.native.err")}" >"$OUT/$area.native.json"
    : >"$OUT/$area.wasm.json"
    continue
  fi
  log "bench-$area (wasm in node)"
  if ! node --no-experimental-fetch build/wasm/core/riskdial.js "bench-$area" "${QUICK[@]}" >"$OUT/$area.wasm.json" 2>"$OUT/$area.wasm.err"; then
    echo "{\"benchmark\": \"$area\", \"failed\": true}" >"$OUT/$area.wasm.json"
  fi
done
node scripts/bench-table.mjs "$OUT" "${AREAS[@]}"
