#!/usr/bin/env bash
# IMAP IDLE push: 50 mailboxes watched with IDLE on one poller, 20 deliveries
# one at a time. Prints the median time from delivery to the bucket (target
# under 5 s) and the peak RSS (target at most 512 MB).
#   bench/idle.sh
#   bench/idle.sh --mailboxes 10 --deliveries 5   a quick look
# Needs root (Dovecot runs its mail processes as nobody).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/java-bench.sh
run_bench 1g IdleBench "$@"
