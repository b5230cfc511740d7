#!/usr/bin/env bash
# Installs the real tools the test suites use as oracles, when missing: PHP 8.2 CLI, memcached + php-memcached,
# kcat/librdkafka, Chromium. Idempotent and quiet when everything is there. Debian packages only.
set -euo pipefail
need=()
command -v php >/dev/null || need+=(php8.2-cli)
php -m 2>/dev/null | grep -qi '^memcached$' || need+=(php-memcached)
command -v memcached >/dev/null || [ -x /usr/bin/memcached ] || need+=(memcached)
command -v kcat >/dev/null || need+=(kcat)
[ -f /usr/include/librdkafka/rdkafka_mock.h ] || need+=(librdkafka-dev)
command -v chromium >/dev/null || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "ensure-tools: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! $SUDO apt-get install -y -qq "${need[@]}" >/tmp/memlens-apt.log 2>&1; then
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq "${need[@]}" >/tmp/memlens-apt.log 2>&1 || { tail -20 /tmp/memlens-apt.log; exit 1; }
fi
