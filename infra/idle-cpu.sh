#!/usr/bin/env bash
# CPU used by a running local stack (infra/local-stack.sh) while nothing is sent to it (issue 10's
# idle floor): CPU time of each process and its children, read from /proc/<pid>/stat at the start
# and the end of the window. Figures: docs/performance.md.
#
# Usage: infra/idle-cpu.sh [seconds, default 60]
#   SHARELEDGER_DATA_DIR   the stack's data root (default <repo>/.data), to find its PostgreSQL,
#                          broker and issuer
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${SHARELEDGER_DATA_DIR:-$ROOT/.data}"
WINDOW="${1:-60}"
TICK=$(getconf CLK_TCK)

names=(command-service query-service kafka dev-issuer postgres)
patterns=("command-service-.*\.jar" "query-service-.*\.jar" "kafka\.Kafka $DATA/kafka" "DevIssuer .*--data-dir $DATA/issuer"
          "bin/postgres -D $DATA/postgres")

descendants() { echo "$1"; for child in $(pgrep -P "$1" || true); do descendants "$child"; done; }
ticks() { local total=0 pid; for pid in "$@"; do
    if [ -r "/proc/$pid/stat" ]; then total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); fi
  done; echo "$total"; }

declare -a pids start
for i in "${!names[@]}"; do
  root=$(pgrep -f -- "${patterns[$i]}" | head -1 || true)
  if [ -z "$root" ]; then echo "idle-cpu: ${names[$i]} is not running (pattern: ${patterns[$i]})" >&2; exit 1; fi
  pids[$i]="$(descendants "$root" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  start[$i]=$(ticks ${pids[$i]})
done
sleep "$WINDOW"
sum=0
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  used=$(( $(ticks ${pids[$i]}) - ${start[$i]} ))
  sum=$((sum + used))
  awk -v n="${names[$i]}" -v u="$used" -v t="$TICK" -v w="$WINDOW" 'BEGIN { printf "%-16s %5.1f %% of one core\n", n, u * 100 / t / w }'
done
awk -v u="$sum" -v t="$TICK" -v w="$WINDOW" -v c="$(nproc)" 'BEGIN { printf "the stack        %5.1f %% of one core, %.1f %% of the machine (%d cores), over %d s\n", u * 100 / t / w, u * 100 / t / w / c, c, w }'
