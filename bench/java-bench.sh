# Sourced by the smaller benches: installs Dovecot when missing, builds the
# service and the test class path, then runs one bench class of
# src/test/java/io/mailcellar/bench. Needs root (Dovecot runs its mail
# processes as nobody).
#   run_bench <heap> <class> [its arguments]
run_bench() {
  local heap="$1" class="$2"
  shift 2
  if [ ! -x /usr/sbin/dovecot ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends dovecot-imapd dovecot-pop3d
    service dovecot stop >/dev/null 2>&1 || true
  fi
  ./mvnw -B -q -DskipTests package
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
  exec java "-Xmx$heap" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "target/test-classes:$(cat target/bench.classpath)" "io.mailcellar.bench.$class" "$@"
}
