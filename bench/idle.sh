#!/usr/bin/env bash
# IMAP IDLE push: 50 mailboxes watched with IDLE on one poller, 20 deliveries
# one at a time. Prints the median time from delivery to the bucket (target
# under 5 s) and the peak RSS (target at most 512 MB).
#   bench/idle.sh
#   bench/idle.sh --mailboxes 10 --deliveries 5   a quick look
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
  -cp "target/test-classes:$(cat target/bench.classpath)" io.mailcellar.bench.IdleBench "$@"
