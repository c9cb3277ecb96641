#!/usr/bin/env bash
# Throughput of the whole local stack under a mixed write workload, read throughput per route, and
# the baselines of the same servers in the same run (issue 10). Driver:
# infra/src/main/java/io/shareledger/infra/bench/ThroughputBenchmark.java. Figures: docs/performance.md.
#
# Uses the stack running at the given ports (infra/local-stack.sh), or, when nothing listens on the
# command service's port (or with --start), starts one itself with local-stack.sh in a temporary
# data directory, measures its cold start, and stops it (and deletes the directory) at the end.
# Cold start: waits until both services report ready (/actuator/health/readiness), then registers a
# member and reads it back, then nine profile changes one at a time: each write's command-to-visible,
# and the times from the stack's first process until ready, accepted and visible.
#
# What it does, in order:
#   1. set-up: --members members (default 256), each with its own dev-issuer token, registered and
#      granted both consents (SHARE_ITEMS, RECEIVE_SHARES: a share needs the owner's and the
#      recipient's); waits until every processor has caught up
#   2. baselines on the same servers: pgbench (custom scripts, -c 16 -j 2 -M prepared -T
#      --baseline-duration) in a scratch schema of the write database, created and dropped: single-row INSERT (600 bytes)
#      + COMMIT, and primary-key SELECT among 100,000 rows; then the raw Kafka producer
#      (transactional, 600-byte records, transactions of 500, scratch topic of 6 partitions, deleted)
#   3. warm-up: --warmup s (default 10) of the mixed workload at the first connection count, not reported
#   4. the mixed workload, closed loop (each connection sends a command, waits for the answer, sends
#      the next), at each of --connections (default 16,64) for --duration s (default 60). Mix:
#          register                5%   POST /api/v1/members (a new member, a new token)
#          grant consent           8%   POST /api/v1/members/{id}/consents (a purpose the member lacks)
#          withdraw consent        7%   DELETE /api/v1/members/{id}/consents/{consentId} (the saga
#                                       then revokes the open shares depending on it)
#          offer share            25%   POST /api/v1/shares (owner with SHARE_ITEMS, recipient with RECEIVE_SHARES)
#          accept share           15%   POST /api/v1/shares/{id}/accept (an OFFERED share, by its recipient)
#          decline share           5%   POST /api/v1/shares/{id}/decline (an OFFERED share, by its recipient)
#          revoke share           10%   POST /api/v1/shares/{id}/revoke (OFFERED or ACCEPTED, by its owner)
#          change profile         25%   PUT /api/v1/members/{id}/profile
#      (--mix register=5,grant=8,withdraw=7,offer=25,accept=15,decline=5,revoke=10,profile=25 changes
#      it). A kind with no valid target at that moment (no OFFERED share yet, no member lacking a
#      consent) is sent as a profile change instead and counted. Every POST carries an Idempotency-Key
#      (--no-idempotency-keys: none). No two connections act on the same member or share at once.
#      Every --sample-every'th (10) successful command, one of --samplers (16) sampler threads reads
#      the written member or share from the query service with ?minVersion= until it shows that
#      version: command-to-visible. At the end of each load: every processor's lag (publisher and
#      saga from token_entry and the event store through JDBC; read models from the query service's
#      GET /admin/projections with an operator token), and the time until all of it is drained
#   4b. with --preload N (only with a stack of its own: --start): appends N placeholder events to the
#      event store (copies of the stored ones under new ids, below every processor's position, so that
#      no processor handles them: Growth.java), then runs the workload once more at the first
#      connection count and prints commands/s after ÷ before (issue 10's growth check, 1,000,000
#      events: --preload 1000000). Always: the longest aggregate history the benchmark wrote and the
#      most events any load of its aggregates reads (those after its latest snapshot)
#   5. reads, --read-connections (16) for --read-duration s (30) per route, each after --read-warmup s
#      (5) of the same requests, not counted: single share, share list, /members/me, history,
#      /actuator/health of both services
#   6. prints every figure and ratio, then a markdown block for docs/performance.md (--out FILE also
#      writes it to FILE); CPU time per process of the stack from /proc for each phase
#
# Usage: infra/bench-throughput.sh [--start] [--duration 60] [--warmup 10] [--connections 16,64]
#          [--read-duration 30] [--read-warmup 5] [--read-connections 16] [--baseline-duration 30] [--members 256]
#          [--sample-every 10] [--samplers 16] [--drain-timeout 300] [--lag-interval 10] [--mix ...] [--no-idempotency-keys]
#          [--skip-baselines] [--preload N] [--out FILE]
# Ports (as local-stack.sh): SHARELEDGER_COMMAND_PORT 8080, SHARELEDGER_QUERY_PORT 8081,
#   SHARELEDGER_ISSUER_PORT 8090, SHARELEDGER_PG_PORT 5432, KAFKA_PORT 9092 (KAFKA_CONTROLLER_PORT 9093);
#   SHARELEDGER_DB_USER / SHARELEDGER_DB_PASSWORD (default shareledger / shareledger, the local stack's).
# Honest by construction: only answers actually received are counted, every status that is not 2xx
# and every timeout (30 s) or I/O error is printed; rates are successes over the time until the
# last answer. The local stack's PostgreSQL is durable (fsync on); nothing here changes that.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

COMMAND_PORT="${SHARELEDGER_COMMAND_PORT:-8080}"
QUERY_PORT="${SHARELEDGER_QUERY_PORT:-8081}"
ISSUER_PORT="${SHARELEDGER_ISSUER_PORT:-8090}"
PG_PORT="${SHARELEDGER_PG_PORT:-5432}"
KAFKA_PORT="${KAFKA_PORT:-9092}"

say() { printf 'bench-throughput: %s\n' "$*" >&2; }
port_open() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

START=auto
ARGS=()
for arg in "$@"; do
    case "$arg" in
        --start) START=yes ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) ARGS+=("$arg") ;;
    esac
done

# the driver: rebuilt when its sources are newer than the jar
INFRA_JAR="$(ls infra/target/infra-*.jar 2> /dev/null | head -n 1 || true)"
if [ -z "$INFRA_JAR" ] || [ ! -d infra/target/lib ] \
    || [ -n "$(find infra/src/main infra/pom.xml pom.xml -newer "$INFRA_JAR" -type f -print -quit 2> /dev/null)" ]; then
    say "building the benchmark (infra) ..."
    ./mvnw -B -q -DskipTests package -pl infra -am
    INFRA_JAR="$(ls infra/target/infra-*.jar | head -n 1)"
fi
CLASSPATH_="$INFRA_JAR:infra/target/lib/*"

STACK_PID=""
DATA=""
cleanup() {
    local status=$?
    if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2> /dev/null; then
        say "stopping the stack it started (local-stack.sh, pid $STACK_PID) ..."
        kill -TERM "$STACK_PID" 2> /dev/null || true
        wait "$STACK_PID" 2> /dev/null || true
    fi
    if [ -n "$DATA" ] && [ -d "$DATA" ]; then
        if [ "$status" -eq 0 ]; then
            rm -rf "$DATA"
        else
            say "kept the stack's data and logs for a look: $DATA/logs"
        fi
    fi
    return "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

EXTRA=()
if [ "$START" = auto ] && port_open "$COMMAND_PORT"; then
    for p in "$QUERY_PORT" "$ISSUER_PORT" "$PG_PORT" "$KAFKA_PORT"; do
        port_open "$p" || { say "the command service answers on $COMMAND_PORT but nothing listens on $p"; exit 1; }
    done
    say "using the stack running at ports command $COMMAND_PORT, query $QUERY_PORT, issuer $ISSUER_PORT, PostgreSQL $PG_PORT, Kafka $KAFKA_PORT"
else
    DATA="$(mktemp -d "${TMPDIR:-/tmp}/shareledger-bench.XXXXXX")"
    say "starting a stack of its own with infra/local-stack.sh (data in $DATA) ..."
    SHARELEDGER_DATA_DIR="$DATA" infra/local-stack.sh > "$DATA/local-stack.out" 2>&1 < /dev/null &
    STACK_PID=$!
    # the cold start counts from its first process (after any build local-stack.sh does first)
    until grep -q 'started ' "$DATA/local-stack.out" 2> /dev/null; do
        if ! kill -0 "$STACK_PID" 2> /dev/null; then
            cat "$DATA/local-stack.out" >&2
            say "local-stack.sh exited before it started anything"
            exit 1
        fi
        sleep 0.05
    done
    ORIGIN="$(date +%s%3N)"
    EXTRA=(--cold-start-origin "$ORIGIN")
fi

export SHARELEDGER_COMMAND_URL="http://127.0.0.1:$COMMAND_PORT"
export SHARELEDGER_QUERY_URL="http://127.0.0.1:$QUERY_PORT"
export SHARELEDGER_ISSUER_URL="http://127.0.0.1:$ISSUER_PORT"
export SHARELEDGER_KAFKA="127.0.0.1:$KAFKA_PORT"
export SHARELEDGER_PG_PORT="$PG_PORT"

status=0
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CLASSPATH_" io.shareledger.infra.bench.ThroughputBenchmark ${EXTRA[@]+"${EXTRA[@]}"} ${ARGS[@]+"${ARGS[@]}"} || status=$?
if [ "$status" -ne 0 ] && [ -n "$DATA" ]; then
    say "the benchmark failed (exit $status); the stack's output:"
    tail -n 20 "$DATA/local-stack.out" >&2 || true
fi
exit "$status"
