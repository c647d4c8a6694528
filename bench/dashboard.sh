#!/usr/bin/env bash
# The dashboard's page timings at 1,000 mailboxes: the overview, a mailbox
# page (30 snapshots), a folder page (2,000 messages) and a search, each
# asked 300 times signed in; prints p50, p95 and max per page.
#   bench/dashboard.sh                                          (about 5 minutes)
#   bench/dashboard.sh --mailboxes 100 --snapshots 5 --requests 50   a quick look
# Needs root (Dovecot runs its mail processes as nobody).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/java-bench.sh
run_bench 512m DashboardBench "$@"
