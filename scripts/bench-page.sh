#!/usr/bin/env bash
# The page's loading figures: builds the web app if needed, then opens the static site in headless Chromium
# (3 cold loads) and prints the time from navigation start to the first result (the automatic run of the
# sample scenario), and the gzipped wasm + js + css of the static build (what the first view loaded, and every
# asset) and of the single file. Printed, not asserted. JSON: build/bench/page-load.json.
#   scripts/bench-page.sh
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$RISKDIAL_ROOT"
ensure_system_packages with-chromium
ensure_node_modules
cmake_build wasm-release riskdial_web_modules || die "wasm build failed"
build_web || die "web build failed"
log "page load benchmark (headless Chromium)"
node --test --test-reporter=spec tests/web/load-time.e2e.test.mjs 2>&1 | grep -Ev '^\s*$'
