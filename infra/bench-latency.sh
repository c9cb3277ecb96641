#!/usr/bin/env bash
# Measures command-to-visible latency of a running stack (start it with infra/local-stack.sh)
# beside the raw Kafka produce-to-consume latency of the same broker, and prints both and their
# ratio. Usage: infra/bench-latency.sh [samples]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "infra/target/infra-*.jar" > /dev/null || [ ! -d infra/target/lib ]; then
  ./mvnw -B -q -DskipTests package -pl infra -am
fi
exec java -cp "$(ls infra/target/infra-*.jar | head -1):infra/target/lib/*" \
  io.shareledger.infra.bench.LatencyBenchmark "$@"
