#!/usr/bin/env bash
# Rebuild throughput of one read model beside a plain consume-deserialize-JDBC-insert baseline in
# the same run. Start a fresh local stack first (the topic gets synthetic events):
#   SHARELEDGER_DATA_DIR=$(mktemp -d) infra/local-stack.sh
# Usage: infra/bench-rebuild.sh [events] [read-model]   (defaults 1000000 member-history)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "infra/target/infra-*.jar" > /dev/null || [ ! -d infra/target/lib ]; then
  ./mvnw -B -q -DskipTests package -pl infra -am
fi
exec java -Xmx2g -cp "$(ls infra/target/infra-*.jar | head -1):infra/target/lib/*" \
  io.shareledger.infra.bench.RebuildBenchmark "$@"
