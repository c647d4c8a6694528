#!/usr/bin/env bash
# limits.maxBytesPerSecond on a first backup: the same 50 MB backed up once
# without a limit and once with 2 MB/s, in the same run. Prints both rates and
# how near the limited one came to its limit (target: within 10 %).
#   bench/limits.sh
#   bench/limits.sh --messages 40 --message-kb 256 --bytes-per-second 1000000   a quick look
# Needs root (Dovecot runs its mail processes as nobody).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/java-bench.sh
run_bench 1g LimitsBench "$@"
