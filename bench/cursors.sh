#!/usr/bin/env bash
# What a cursor save costs as a folder or a POP3 maildrop grows: batches of
# new messages saved into 1,000, 10,000 ... up to 1,000,000 known ones, time and bytes per
# save beside one record of them all, in the same run (a minute or two).
#   bench/cursors.sh
#   bench/cursors.sh --batch 200 --saves 50 --largest 1000000   (the defaults)
#   bench/cursors.sh --largest 10000 --saves 5                  a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath

exec java -Xmx4g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  io.mailcellar.bench.CursorBench "$@"
