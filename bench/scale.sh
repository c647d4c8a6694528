#!/usr/bin/env bash
# Many mailboxes on one poller: 1,000 Dovecot users of 100 messages each,
# polled every five minutes. Prints whether every mailbox was polled in a
# no-change interval, the poller's CPU over it and its peak RSS, then each
# poller's share once a second one joins.
#   bench/scale.sh                                  1,000 x 100, PT5M (about 20 minutes)
#   bench/scale.sh --mailboxes 100 --messages 20 --interval PT1M   a quick look
# Needs root (Dovecot runs its mail processes as nobody).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/java-bench.sh
run_bench 1g ScaleBench "$@"
