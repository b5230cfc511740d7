#!/usr/bin/env bash
# Installs what the session proof tests (test/session/proofs.test.ts) run against, when missing: memcached,
# PHP 8.2 CLI and php-memcached (Debian packages). Idempotent and quiet when everything is there. The tests start
# their own memcached on 127.0.0.1 with a free port; the system service is not needed, so it is not started here.
set -euo pipefail
need=()
command -v memcached >/dev/null || [ -x /usr/bin/memcached ] || need+=(memcached)
command -v php8.2 >/dev/null || need+=(php8.2-cli)
php8.2 -r 'exit(extension_loaded("memcached") ? 0 : 1);' 2>/dev/null || need+=(php8.2-memcached)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "ensure-memcached: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
log=$(mktemp /tmp/memlens-apt-memcached.XXXXXX)
if ! $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >"$log" 2>&1; then
  # Only when the package lists are stale: refresh them once and try again.
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >"$log" 2>&1 || { tail -20 "$log"; exit 1; }
fi
# A fresh memcached package starts its service; the tests do not use it, but leave the system as packaged.
php8.2 -r 'exit(extension_loaded("memcached") ? 0 : 1);' || { echo "ensure-memcached: php-memcached still not loaded in php8.2" >&2; exit 1; }
memcached -V
