#!/bin/sh
# Idempotently installs php8.2-cli (with opcache) for the simulator oracle, at least the patch release the oracle's
# recordings were made with (test/oracle/expected/php-version): memory figures differ between patch releases
# (8.2.32 allocates strings built by `.=` and var_export() tighter than 8.2.36), and a machine whose package lists
# are stale installs the older one from bookworm main, so an old PHP refreshes the lists before installing.
set -e
here=$(dirname "$0")
want=$(cat "$here/../test/oracle/expected/php-version")
have_php() {
  command -v php >/dev/null 2>&1 \
    && php -r "exit(PHP_MAJOR_VERSION == 8 && PHP_MINOR_VERSION == 2 && version_compare(PHP_VERSION, '$want', '>=') ? 0 : 1);" \
    && php -m | grep -qi 'Zend OPcache'
}
if have_php; then
  exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
install() { $SUDO apt-get install -y --no-install-recommends php8.2-cli php8.2-opcache; }
if ! install || ! have_php; then
  $SUDO apt-get update
  install
fi
have_php || { echo "php 8.2 (at least $want) with opcache is still not available: $(php -r 'echo PHP_VERSION;' 2>&1)" >&2; exit 1; }
