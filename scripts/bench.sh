#!/usr/bin/env bash
# Benchmarks: every `riskdial bench-<area>` natively (build/native/riskdial) and as WASM under Node
# (build/wasm/core/riskdial.js, the same engine code), with the wasm/native ratio per case; then the sizes of
# the built web app (raw and gzip). A subcommand that exits non-zero is reported as "not implemented".
# --chromium also runs each bench as WASM in headless Chromium (scripts/bench-chromium.mjs; a module Web Worker in
# a cross-origin-isolated page) and adds the chromium ms and chromium/native columns.
#   scripts/bench.sh [--quick] [--chromium] [AREA...]   areas: csv metrics optimize backtest (default: all)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$RISKDIAL_ROOT"

QUICK=() AREAS=() CHROMIUM=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=(--quick) ;; --chromium) CHROMIUM=1 ;; -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) AREAS+=("$a") ;;
  esac
done
[ ${#AREAS[@]} -eq 0 ] && AREAS=(csv metrics optimize backtest)

if [ "$CHROMIUM" = 1 ]; then ensure_system_packages with-chromium; else ensure_system_packages; fi
ensure_node_modules
cmake_build native-release riskdial || die "native build failed"
WASM_TARGETS=(riskdial riskdial_web_modules)
[ "$CHROMIUM" = 1 ] && WASM_TARGETS+=(riskdial_bench_web)
cmake_build wasm-release "${WASM_TARGETS[@]}" || die "wasm build failed"
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
  rm -f "$OUT/$area.chromium.json"
  if [ "$CHROMIUM" = 1 ]; then
    log "bench-$area (wasm in chromium)"
    node scripts/bench-chromium.mjs "$OUT" "$area" -- "${QUICK[@]}" 2>"$OUT/$area.chromium.err" ||
      log "bench-$area in chromium failed: see $OUT/$area.chromium.err"
  fi
done
node scripts/bench-table.mjs "$OUT" "${AREAS[@]}"
