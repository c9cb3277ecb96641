#!/usr/bin/env bash
# Operator's command line for the query service's read models: list, rebuild with progress, cancel,
# checksum. Run without arguments for usage; see docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "infra/target/infra-*.jar" > /dev/null || [ ! -d infra/target/lib ]; then
  ./mvnw -B -q -DskipTests package -pl infra -am >&2
fi
exec java -cp "$(ls infra/target/infra-*.jar | head -1):infra/target/lib/*" \
  io.shareledger.infra.ops.ProjectionsCli "$@"
