#!/usr/bin/env bash
# Build everything without serving: native CLI + tests (build/native), WASM module + node CLI (build/wasm),
# the web app (web/dist, and the offline single file web/dist-single/riskdial.html). Installs what is missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$RISKDIAL_ROOT"
ensure_system_packages
ensure_node_modules
cmake_build native-release
cmake_build wasm-release
build_web
log "built: build/native/riskdial, web/dist/ (static site), web/dist-single/riskdial.html (offline single file)"
