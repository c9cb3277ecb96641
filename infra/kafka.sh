#!/usr/bin/env bash
# A real single-node Kafka broker in KRaft mode (broker + controller in one JVM), run from the Kafka
# jars on Maven Central, for the local stack. No Docker, no ZooKeeper.
#
#   infra/kafka.sh            start the broker in the foreground (exec: the PID you started is the JVM)
#   infra/kafka.sh smoke      produce and consume one record against a running broker, then exit
#
# Environment (all optional):
#   SHARELEDGER_DATA_DIR        data root (default: <repo>/.data); the broker uses <data>/kafka
#   KAFKA_PORT                  PLAINTEXT listener on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT       CONTROLLER listener on 127.0.0.1 (default 9093)
#   KAFKA_HEAP_OPTS             JVM heap options (default "-Xms256m -Xmx512m")
#
# The cluster id is generated once and kept in <data>/kafka/cluster-id; storage is formatted once
# (--ignore-formatted), so the topics and records survive restarts, including kill -9.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_ROOT="${SHARELEDGER_DATA_DIR:-$ROOT/.data}"
KAFKA_DIR="$DATA_ROOT/kafka"
LIBS="$ROOT/infra/target/kafka-libs"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"

log() { printf 'kafka.sh: %s\n' "$*" >&2; }

ensure_libs() {
    if [ ! -f "$LIBS/.complete" ] || [ "$ROOT/infra/kafka-runtime/pom.xml" -nt "$LIBS/.complete" ]; then
        log "gathering the Kafka broker jars into $LIBS (first time only)"
        (cd "$ROOT" && ./mvnw -B -q -f infra/kafka-runtime/pom.xml package)
        touch "$LIBS/.complete"
    fi
}

write_config() {
    mkdir -p "$KAFKA_DIR/data"
    cat > "$KAFKA_DIR/server.properties" <<EOF
# written by infra/kafka.sh on each start; edit the script, not this file
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
# a restart after kill -9 takes about 5 s instead of about 13 s
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=2000
EOF
    cat > "$KAFKA_DIR/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
EOF
    write_tools_log_config
}

# The console tools print records on stdout: their logs go to stderr, warnings only.
write_tools_log_config() {
    cat > "$KAFKA_DIR/tools-log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

java_opts() {
    printf '%s\n' "-Dlog4j.configuration=file:$KAFKA_DIR/log4j.properties"
}

tools_opts() {
    printf '%s\n' "-Dlog4j.configuration=file:$KAFKA_DIR/tools-log4j.properties"
}

format_storage() {
    if [ -f "$KAFKA_DIR/data/meta.properties" ]; then
        return 0 # formatted before: skip a JVM start
    fi
    if [ ! -s "$KAFKA_DIR/cluster-id" ]; then
        java "$(tools_opts)" -cp "$LIBS/*" kafka.tools.StorageTool random-uuid > "$KAFKA_DIR/cluster-id.tmp"
        mv "$KAFKA_DIR/cluster-id.tmp" "$KAFKA_DIR/cluster-id"
    fi
    local cluster_id
    cluster_id="$(tr -d '[:space:]' < "$KAFKA_DIR/cluster-id")"
    java "$(tools_opts)" -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" \
        -c "$KAFKA_DIR/server.properties" --ignore-formatted >&2
}

smoke() {
    write_tools_log_config
    local topic="shareledger-smoke-$$"
    local bootstrap="127.0.0.1:$PORT"
    local record
    record="hello-$(date +%s)"
    java "$(tools_opts)" -cp "$LIBS/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
        --create --topic "$topic" --partitions 1 --replication-factor 1
    printf '%s\n' "$record" | java "$(tools_opts)" -cp "$LIBS/*" kafka.tools.ConsoleProducer \
        --bootstrap-server "$bootstrap" --topic "$topic"
    local got
    got="$(java "$(tools_opts)" -cp "$LIBS/*" org.apache.kafka.tools.consumer.ConsoleConsumer \
        --bootstrap-server "$bootstrap" --topic "$topic" --from-beginning --max-messages 1 --timeout-ms 20000)"
    java "$(tools_opts)" -cp "$LIBS/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" \
        --delete --topic "$topic"
    if [ "$got" = "$record" ]; then
        log "smoke test passed: produced and consumed '$record' on $topic"
    else
        log "smoke test FAILED: produced '$record', consumed '$got'"
        exit 1
    fi
}

command -v java > /dev/null || { log "java not found on PATH (a JDK 17 or newer is needed)"; exit 1; }
ensure_libs
mkdir -p "$KAFKA_DIR"

case "${1:-start}" in
    start)
        write_config
        format_storage
        log "starting Kafka 3.9.1 (KRaft) on 127.0.0.1:$PORT, controller 127.0.0.1:$CONTROLLER_PORT, data in $KAFKA_DIR"
        # shellcheck disable=SC2086 # HEAP_OPTS holds several JVM options on purpose
        exec java $HEAP_OPTS -XX:+UseG1GC "$(java_opts)" -cp "$LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"
        ;;
    smoke)
        smoke
        ;;
    *)
        log "usage: $0 [start|smoke]"
        exit 2
        ;;
esac
