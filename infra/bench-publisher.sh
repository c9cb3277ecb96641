#!/usr/bin/env bash
# How fast the outbox publisher drains a backlog of stored events onto the topic, beside the raw
# Kafka producer on the same broker in the same run (PublisherDrainBenchmarkIT, command service).
# Usage: infra/bench-publisher.sh [events] [extension]   (default 20000; "extension": the Kafka
#   extension's own per-event publisher with batch size 1, for comparison)
# Figures: docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS="${1:-20000}"
EXTRA=()
if [ "${2:-}" = extension ]; then
  EXTRA=(-Dshareledger.kafka.publish-in-batches=false -Dshareledger.kafka.publish-batch-size=1
         -Dbench.publisher.mode=extension)
fi
OUTPUT=command-service/target/failsafe-reports/io.shareledger.command.publishing.PublisherDrainBenchmarkIT-output.txt
rm -f "$OUTPUT"
status=0
./mvnw -B -q -ntp -pl command-service -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=PublisherDrainBenchmarkIT -Dfailsafe.failIfNoSpecifiedTests=false -Dbench.publisher.events="$EVENTS" \
  ${EXTRA[@]+"${EXTRA[@]}"} || status=$?
grep -E '^(publisher drain|raw producer)' "$OUTPUT" || echo "no figures; see $OUTPUT" >&2
exit "$status"
