#!/usr/bin/env bash
# Pictures of the key graphs from a running Prometheus (infra/local-stack.sh --with-prometheus),
# taken with Prometheus' own graph page in headless Chromium, for docs/observability.md.
#
#   infra/observability-pictures.sh [--prometheus URL] [--range 15m] [--out docs/images]
#
# Run it right after a load (e.g. infra/bench-throughput.sh against the same stack): each graph
# shows the last --range. Needs chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

PROMETHEUS=http://127.0.0.1:${SHARELEDGER_PROMETHEUS_PORT:-9090}
RANGE=15m
OUT=docs/images
while [ $# -gt 0 ]; do
    case "$1" in
        --prometheus) PROMETHEUS=$2; shift ;;
        --range) RANGE=$2; shift ;;
        --out) OUT=$2; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "observability-pictures: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
command -v chromium > /dev/null || { echo "observability-pictures: chromium is not installed (Debian: apt-get install chromium)" >&2; exit 1; }
curl -fsS "$PROMETHEUS/-/ready" > /dev/null || { echo "observability-pictures: no Prometheus at $PROMETHEUS" >&2; exit 1; }
mkdir -p "$OUT"

# name and expression of each graph (the dashboard's, over 1-minute windows: a load of a few minutes)
GRAPHS=(
    "commands-per-second|sum by (payloadType) (rate(commandBus_successTimer_seconds_count[1m]))"
    "publisher-and-saga-lag-events|max by (processor) (shareledger_processor_lag_events)"
    "read-model-lag-events|max by (read_model) (shareledger_read_model_lag_events)"
    "read-your-writes-waits-by-outcome|sum by (outcome) (rate(shareledger_read_your_writes_waits_seconds_count[1m]))"
    "http-requests-per-second|sum by (job) (rate(http_server_requests_seconds_count[1m]))"
    "process-cpu|max by (job) (process_cpu_usage)"
)
for graph in "${GRAPHS[@]}"; do
    name=${graph%%|*}
    expr=${graph#*|}
    query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$expr")
    url="$PROMETHEUS/graph?g0.expr=$query&g0.tab=0&g0.stacked=0&g0.show_exemplars=0&g0.range_input=$RANGE"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1300,720 \
        --virtual-time-budget=15000 --screenshot="$OUT/prometheus-$name.png" "$url" > /dev/null 2>&1
    echo "$OUT/prometheus-$name.png: $expr"
done
