#!/usr/bin/env bash
# Rebuild throughput of one read model beside a plain consume-decrypt-JDBC-insert baseline measured
# in the same run, on its own PostgreSQL, Kafka broker and query-service process (RebuildBenchmarkIT).
# Usage: infra/bench-rebuild.sh [events] [read-model] [live]   (defaults 1000000 member-history)
#   live: then also times the live processors of a fresh query service catching up from the beginning
# Figures: docs/rebuild-benchmark.md.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS="${1:-1000000}"
READ_MODEL="${2:-member-history}"
LIVE=false
[ "${3:-}" = live ] && LIVE=true
OUTPUT=infra/target/failsafe-reports/io.shareledger.infra.bench.RebuildBenchmarkIT-output.txt
./mvnw -B -q -ntp -DskipTests install
rm -f "$OUTPUT"
status=0
./mvnw -B -q -ntp -pl infra verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=RebuildBenchmarkIT -Dbench.events="$EVENTS" -Dbench.readModel="$READ_MODEL" -Dbench.live="$LIVE" || status=$?
grep -E '^(events=|published|live catch-up|baseline|rebuild)' "$OUTPUT" || echo "no figures; see $OUTPUT" >&2
exit "$status"
