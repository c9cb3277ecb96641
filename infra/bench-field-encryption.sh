#!/usr/bin/env bash
# The cost of field encryption in the serializer, against the plain wire format in the same run.
# Needs nothing running. Usage: infra/bench-field-encryption.sh [operations per round]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "infra/target/infra-*.jar" > /dev/null || [ ! -d infra/target/lib ]; then
  ./mvnw -B -q -DskipTests package -pl infra -am
fi
exec java -cp "$(ls infra/target/infra-*.jar | head -1):infra/target/lib/*" \
  io.shareledger.infra.bench.FieldEncryptionBenchmark "$@"
