#!/usr/bin/env bash
# The one test command (.ci/run calls it). Installs what is missing, builds (cached), then runs every suite:
#   1. native release: Catch2 + tests/py through ctest          (build/native)
#   2. native debug with ASan + UBSan: Catch2 through ctest     (build/native-debug)
#   3. the WASM module in Node: tests/wasm (node:test)          (build/wasm → web/src/engine/generated)
#   4. the web app's unit tests: web/tests (vitest)
#   5. end to end in headless Chromium: tests/web (node:test + playwright-core, /usr/bin/chromium)
# Exits non-zero if anything failed; the last line is always "N passed, M failed" (individual tests, all runners).
# Options: --no-debug (skip 2), --only native|debug|wasm|unit|e2e (repeatable).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$RISKDIAL_ROOT"

ONLY=() SKIP_DEBUG=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-debug) SKIP_DEBUG=1; shift ;;
    --only) ONLY+=("$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
want() { [ ${#ONLY[@]} -eq 0 ] && return 0; local x; for x in "${ONLY[@]}"; do [ "$x" = "$1" ] && return 0; done; return 1; }

RESULTS=build/test-results
mkdir -p "$RESULTS"
PASSED=0 FAILED=0
SUMMARY=()
T_START=$(date +%s)

# record NAME PASSED FAILED SECONDS
record() {
  PASSED=$((PASSED + $2)); FAILED=$((FAILED + $3))
  SUMMARY+=("$(printf '%-34s %5d passed %4d failed %6ss' "$1" "$2" "$3" "$4")")
}

# ctest_suite NAME PRESET [ctest args...]: parses "x% tests passed, F tests failed out of T".
ctest_suite() {
  local name="$1" preset="$2"; shift 2
  local t0=$SECONDS log="$RESULTS/$name.log"
  ctest --preset "$preset" -j"$(nproc)" "$@" 2>&1 | tee "$log" | grep -E 'tests passed|Failed|\*\*\*|Not Run' >&2
  local line; line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [ -z "$line" ]; then
    if grep -q 'No tests were found' "$log"; then record "$name" 0 0 $((SECONDS - t0)); else record "$name" 0 1 $((SECONDS - t0)); fi
    return
  fi
  local failed total
  failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
  record "$name" $((total - failed)) "$failed" $((SECONDS - t0))
}

# node_suite NAME DIR: node:test with a spec reporter on the console and TAP into a file for the counts.
node_suite() {
  local name="$1" dir="$2" t0=$SECONDS tap="$RESULTS/$1.tap"
  rm -f "$tap"
  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
       --test-reporter=tap --test-reporter-destination="$tap" "$dir" >&2
  local pass fail
  pass=$(grep -E '^# pass [0-9]+' "$tap" 2>/dev/null | awk '{print $3}')
  fail=$(grep -E '^# fail [0-9]+' "$tap" 2>/dev/null | awk '{print $3}')
  if [ -z "$pass" ]; then record "$name" 0 1 $((SECONDS - t0)); return; fi
  record "$name" "$pass" "${fail:-0}" $((SECONDS - t0))
}

vitest_suite() {
  local name="$1" t0=$SECONDS json="$RISKDIAL_ROOT/$RESULTS/vitest.json"
  rm -f "$json"
  (cd web && ./node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$json") >&2
  if [ ! -f "$json" ]; then record "$name" 0 1 $((SECONDS - t0)); return; fi
  local counts; counts=$(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.numTotalTestSuites && !r.success && r.numFailedTests===0 ? 1 : 0))' "$json")
  record "$name" ${counts% *} ${counts#* } $((SECONDS - t0))
}

build_failed() { record "$1 (build failed)" 0 1 0; }

need_chromium=""; want e2e && need_chromium=with-chromium
( ensure_system_packages "$need_chromium" ) || record "install dependencies" 0 1 0
( ensure_node_modules ) || record "npm ci" 0 1 0

# 1. native release
NATIVE_OK=0
if cmake_build native-release; then NATIVE_OK=1; else build_failed "native release"; fi
if want native && [ $NATIVE_OK = 1 ]; then log "ctest native-release"; ctest_suite native-release native-release; fi

# 2. native debug (ASan + UBSan), Catch2 only (the Python cross-checks run in the release build)
if want debug && [ $SKIP_DEBUG = 0 ]; then
  if cmake_build native-debug riskdial_tests; then
    log "ctest native-debug (ASan + UBSan)"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest_suite native-debug-asan-ubsan native-debug -E '^py\.'
  else build_failed "native debug"; fi
fi

# 3-5 need the WASM module (and the web build for e2e)
WASM_OK=0 WEB_OK=0
if want wasm || want unit || want e2e; then
  if cmake_build wasm-release; then WASM_OK=1; else build_failed "wasm"; fi
fi
if [ $WASM_OK = 1 ] && want wasm; then log "WASM module in Node (tests/wasm)"; node_suite wasm-node tests/wasm; fi
if [ $WASM_OK = 1 ] && want unit; then log "web unit tests (vitest)"; vitest_suite web-vitest; fi
if [ $WASM_OK = 1 ] && want e2e; then
  if build_web; then WEB_OK=1; else build_failed "web app"; fi
  if [ $WEB_OK = 1 ]; then log "end to end in headless Chromium (tests/web)"; node_suite e2e-chromium tests/web; fi
fi

echo >&2
echo "test summary ($(( $(date +%s) - T_START ))s):" >&2
for s in "${SUMMARY[@]}"; do echo "  $s" >&2; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
