#!/usr/bin/env bash
# limits.maxBytesPerSecond on a first backup: the same 50 MB backed up once
# without a limit and once with 2 MB/s, in the same run. Prints both rates and
# how near the limited one came to its limit (target: within 10 %).
#   bench/limits.sh
#   bench/limits.sh --messages 40 --message-kb 256 --bytes-per-second 1000000   a quick look
# Needs root (Dovecot runs its mail processes as nobody).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/sbin/dovecot ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends dovecot-imapd dovecot-pop3d
  service dovecot stop >/dev/null 2>&1 || true
fi

./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:$(cat target/bench.classpath)" io.mailcellar.bench.LimitsBench "$@"
