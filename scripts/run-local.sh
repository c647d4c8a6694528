#!/usr/bin/env bash
# Runs mailcellar on this machine with a local Kafka broker and a local S3
# server (S3Proxy), all started as child processes; data is kept in .local/.
#   scripts/run-local.sh          the service, Kafka and S3
#   scripts/run-local.sh --demo   the same, plus a demo IMAP mailbox to back up
# Ctrl-C stops everything. Needs only a JDK 17+ and Maven on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

# Builds the service and fetches the Kafka and S3Proxy jars (cached after the first run).
./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/local-run.classpath

exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:$(cat target/local-run.classpath)" io.mailcellar.testsupport.LocalStack "$@"
