#!/usr/bin/env bash
# Placeholder (skeleton): native build + ctest. The foundation work replaces this with the full suite.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset native-release >/dev/null
cmake --build --preset native-release
ctest --preset native-release
