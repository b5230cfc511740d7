#!/bin/sh
# Idempotently installs php8.2-cli (with opcache) for the simulator oracle. Runs apt-get update only when the
# install fails without it.
set -e
have_php() {
  command -v php >/dev/null 2>&1 && php -r 'exit(PHP_MAJOR_VERSION == 8 && PHP_MINOR_VERSION == 2 ? 0 : 1);' \
    && php -m | grep -qi 'Zend OPcache'
}
if have_php; then
  exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends php8.2-cli php8.2-opcache; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends php8.2-cli php8.2-opcache
fi
have_php || { echo "php 8.2 with opcache is still not available" >&2; exit 1; }
