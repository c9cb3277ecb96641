#!/usr/bin/env bash
# Rebuild throughput of one read model beside a plain consume-decrypt-JDBC-insert baseline measured
# in the same run, on its own PostgreSQL, Kafka broker and query-service process.
# Usage: infra/bench-rebuild.sh [events] [read-model]   (defaults 1000000 member-history)
# Figures: docs/rebuild-benchmark.md. The full output is in infra/target/failsafe-reports.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS="${1:-1000000}"
READ_MODEL="${2:-member-history}"
./mvnw -B -q -ntp -DskipTests install
exec ./mvnw -B -ntp -pl infra verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=RebuildBenchmarkIT -Dbench.events="$EVENTS" -Dbench.readModel="$READ_MODEL"

