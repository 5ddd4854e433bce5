# Shared by scripts/build.sh, serve.sh, test.sh and bench.sh (sourced, not run).
# Installs what is missing (apt, npm ci) and builds with cached CMake/Ninja builds, so a second run is fast.

RISKDIAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NODE_PATH=/usr/share/nodejs          # em++ needs acorn etc. from Debian's node modules
export DEBIAN_FRONTEND=noninteractive
export VITE_CONFIG_NATIVE_IGNORE_WARNING=true
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

APT_PACKAGES_BASE=(emscripten libeigen3-dev catch2 libfast-float-dev nlohmann-json3-dev libboost-math-dev
                   python3-numpy python3-cvxopt ninja-build cmake g++)

# ensure_system_packages [with-chromium]: apt-get install only when something is missing (apt is skipped entirely
# when everything is present; `apt-get update` runs at most once).
ensure_system_packages() {
  local want_chromium="${1:-}" missing=()
  [ -x /usr/bin/em++ ] || missing+=(emscripten)
  [ -f /usr/include/eigen3/Eigen/Dense ] || missing+=(libeigen3-dev)
  [ -f /usr/include/catch2/catch.hpp ] || missing+=(catch2)
  [ -f /usr/include/fast_float/fast_float.h ] || missing+=(libfast-float-dev)
  [ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
  [ -d /usr/include/boost/math ] || missing+=(libboost-math-dev)
  /usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
  /usr/bin/python3 -c 'import cvxopt' 2>/dev/null || missing+=(python3-cvxopt)
  command -v ninja >/dev/null || missing+=(ninja-build)
  command -v cmake >/dev/null || missing+=(cmake)
  command -v g++ >/dev/null || missing+=(g++)
  command -v gzip >/dev/null || missing+=(gzip)
  if [ "$want_chromium" = with-chromium ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || die "missing packages (${missing[*]}) and not root: install them with apt-get"
      sudo="sudo -n"
    fi
    log "installing missing system packages: ${missing[*]}"
    $sudo apt-get update -o DPkg::Lock::Timeout=1200 >/dev/null || $sudo apt-get update -o DPkg::Lock::Timeout=1200
    $sudo apt-get install -y -o DPkg::Lock::Timeout=1200 "${missing[@]}"
  fi
  command -v node >/dev/null || die "Node.js >= 20.19 is required (https://nodejs.org or nodesource)"
  command -v npm >/dev/null || die "npm is required (it comes with Node.js)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    die "Node.js >= 20.19 is required by Vite 8 (found $(node --version))"
}

# npm ci in web/ when node_modules is missing or package-lock.json changed since the last install.
ensure_node_modules() {
  local web="$RISKDIAL_ROOT/web" stamp="$RISKDIAL_ROOT/web/node_modules/.riskdial-lock.sha256" want
  want="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x "$web/node_modules/.bin/vite" ]; then
    log "npm ci (web/)"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown user config' >&2) ||
      die "npm ci failed"
    echo "$want" >"$stamp"
  fi
}

# cmake_build PRESET [targets...]: configure once (the build re-configures itself when CMake files change).
cmake_build() {
  local preset="$1"; shift
  local dir
  case "$preset" in
    native-release) dir=build/native ;; native-debug) dir=build/native-debug ;; wasm-release) dir=build/wasm ;;
    *) die "unknown preset $preset" ;;
  esac
  (
    cd "$RISKDIAL_ROOT"
    if [ ! -f "$dir/build.ninja" ]; then
      log "configure $preset"
      cmake --preset "$preset" >/dev/null || exit 1
    fi
    log "build $preset${*:+ ($*)}"
    local args=()
    for t in "$@"; do args+=(--target "$t"); done
    set +e
    cmake --build --preset "$preset" "${args[@]}" -- -j"${RISKDIAL_JOBS:-$(nproc)}" 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\] '
    local st=("${PIPESTATUS[@]}")
    # the CLI is built in <dir>/core/; the documented path is <dir>/riskdial (native builds)
    if [ "${st[0]}" = 0 ] && [ -x "$dir/core/riskdial" ] && [ ! -e "$dir/riskdial" ]; then
      ln -s core/riskdial "$dir/riskdial"
    fi
    exit "${st[0]}"
  )
}

# The web app: typecheck + normal build (web/dist) + single-file build (web/dist-single); skipped when
# nothing it depends on changed since the last build.
build_web() {
  local web="$RISKDIAL_ROOT/web" stamp="$RISKDIAL_ROOT/web/dist-single/riskdial.html"
  if [ -f "$stamp" ] && [ -f "$web/dist/index.html" ] && [ -z "$(find "$web/src" "$web/index.html" "$web"/*.ts "$web"/*.json \
       "$RISKDIAL_ROOT/public" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    log "web app is up to date"
    return 0
  fi
  log "build web app (dist/ and dist-single/)"
  mkdir -p "$RISKDIAL_ROOT/build"
  local rc
  rc=$(set +e; cd "$web"; npm run --silent build >"$RISKDIAL_ROOT/build/web-build.log" 2>&1; echo $?)
  grep -Ev 'Unknown user config|^$' "$RISKDIAL_ROOT/build/web-build.log" | grep -E 'dist|error|Error|warn' >&2 || true
  if [ "$rc" != 0 ]; then
    cat "$RISKDIAL_ROOT/build/web-build.log" >&2
    return "$rc"
  fi
  touch "$stamp"

}
