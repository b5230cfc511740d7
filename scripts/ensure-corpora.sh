#!/bin/sh
# Idempotently installs the real PHP code the correctness tests of the fast paths read (test/perf, test/fuzz,
# test/reliability): Debian's WordPress, Symfony and Laravel. Under the lock the benchmark takes too, since other
# work may run apt at the same time, and as the benchmark installs them (recommended packages too: the themes).
# Runs apt-get update only when the install fails without it.
set -e
have_corpora() {
  [ -d /usr/share/wordpress ] && [ -d /usr/share/php/Symfony ] && [ -d /usr/share/php/Illuminate ]
}
if have_corpora; then
  exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
PACKAGES="wordpress php-symfony php-laravel-framework"
if ! $SUDO flock /tmp/memlens-apt.lock apt-get install -y $PACKAGES; then
  $SUDO flock /tmp/memlens-apt.lock apt-get update
  $SUDO flock /tmp/memlens-apt.lock apt-get install -y $PACKAGES
fi
have_corpora || { echo "the WordPress, Symfony and Laravel corpora are still not installed" >&2; exit 1; }
