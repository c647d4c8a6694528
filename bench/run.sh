#!/usr/bin/env bash
# The benchmark: mailcellar against mbsync, OfflineIMAP and getmail6 on the
# same private Dovecot mailbox, in one run, on this machine.
#   bench/run.sh                     10,000 messages, 3 runs per scenario, data on tmpfs
#   bench/run.sh --messages 2000 --runs 1 --no-change-scale 0 --warmup-rounds 1   a quick look
#   bench/run.sh --disk              every tool's data on disk instead
#   bench/run.sh --help
# Figures go to stdout and to bench/results/*.json. Needs root (Dovecot runs
# its mail processes as nobody) and installs the peers from Debian if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# One run at a time: a second would delete the first's work directory under it.
exec 9>/tmp/mailcellar-bench.lock
if ! flock -n 9; then
  echo "another bench/run.sh is running; wait for it to end" >&2
  exit 1
fi

missing=()
command -v mbsync >/dev/null 2>&1 || missing+=(isync)
command -v offlineimap >/dev/null 2>&1 || missing+=(offlineimap3)
command -v getmail >/dev/null 2>&1 || missing+=(getmail6)
[ -x /usr/bin/time ] || missing+=(time)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd dovecot-pop3d)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
  service dovecot stop >/dev/null 2>&1 || true
fi

./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

exec java -Xmx2g ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:$(cat target/bench.classpath)" io.mailcellar.bench.Benchmark "$@"
