#!/bin/sh
# Installs what the Kafka tests judge against: kcat (librdkafka's verdicts, the property table) and librdkafka-dev
# with gcc (test/kafka/conf-probe.c, which does what php-rdkafka's Conf::set and `new Producer` do). Idempotent.
set -e
need=""
command -v kcat >/dev/null 2>&1 || need="$need kcat"
[ -f /usr/include/librdkafka/rdkafka.h ] || need="$need librdkafka-dev"
command -v gcc >/dev/null 2>&1 || need="$need gcc"
[ -z "$need" ] && { kcat -V | head -n 4 | tail -n 1; exit 0; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends $need || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends $need; }
kcat -V | head -n 4 | tail -n 1
