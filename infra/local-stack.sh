#!/usr/bin/env bash
# Runs the whole ShareLedger stack on this machine with nothing but a JDK (17+):
#   embedded PostgreSQL 15   127.0.0.1:5432   (unless SHARELEDGER_DB_URL names a server)
#   Kafka 3.9.1, KRaft       127.0.0.1:9092   (unless SHARELEDGER_KAFKA names brokers)
#   dev token issuer         127.0.0.1:8090   (unless SHARELEDGER_JWK_SET_URI names another issuer)
#   command-service          127.0.0.1:8080
#   query-service            127.0.0.1:8081   (when its jar exists)
# each as a child process logging to .data/logs/<name>.log, started in that order, each one
# only once the previous one is ready. Ctrl-C (or SIGTERM) stops them all, in reverse order.
# Data lives under .data/ (ignored by git) and is found again by the next start.
#
# Options:
#   --with-prometheus             also start Debian's prometheus (apt-get install prometheus) on
#                                 127.0.0.1:9090, scraping both services' /actuator/prometheus with an
#                                 operator token from the dev issuer, with infra/prometheus/shareledger.rules.yml
#                                 (docs/observability.md)
#
# Environment (all optional):
#   SHARELEDGER_DATA_DIR          data root (default <repo>/.data)
#   SHARELEDGER_COMMAND_PORT      8080      SHARELEDGER_QUERY_PORT   8081
#   SHARELEDGER_ISSUER_PORT       8090      SHARELEDGER_PG_PORT      5432
#   KAFKA_PORT / KAFKA_CONTROLLER_PORT      9092 / 9093
#   SHARELEDGER_DB_URL            external PostgreSQL for the command service (write side);
#   SHARELEDGER_QUERY_DB_URL      ... and for the query service (default: SHARELEDGER_DB_URL with
#                                 shareledger_write replaced by shareledger_read);
#   SHARELEDGER_DB_USER / SHARELEDGER_DB_PASSWORD   credentials for the external server
#   SHARELEDGER_KAFKA             external bootstrap servers
#   SHARELEDGER_JWK_SET_URI / SHARELEDGER_ISSUER    an external issuer instead of the dev issuer
#   SHARELEDGER_AUDIENCE          token audience (default shareledger)
#   SHARELEDGER_BIND_ADDRESS      where both services listen (default 127.0.0.1, like the issuer)
#   SHARELEDGER_SKIP_BUILD=1      never run Maven, use the jars as they are
#   SHARELEDGER_CRYPTO_KEK_FILE / SHARELEDGER_CRYPTO_CURRENT_KEK   key-encryption keys of your own
#                                 (default: generated once into .data/secrets/kek.properties, id "local")
#   SHARELEDGER_KEY_SERVICE_TOKEN the query service's token for the command service's key endpoint
#                                 (default: generated once into .data/secrets/key-service-token)
#   SHARELEDGER_INSTANCES=N       N instances of each service (default 1). With N > 1, instance i of
#                                 the command service listens on SHARELEDGER_COMMAND_PORT + 100 * i and
#                                 of the query service on SHARELEDGER_QUERY_PORT + 100 * i, and HAProxy
#                                 (Debian's haproxy package: apt-get install haproxy) answers on the
#                                 two service ports, round robin over the instances that report ready
#                                 (docs/scaling.md)
#   SHARELEDGER_PROMETHEUS_PORT   9090 (with --with-prometheus)
set -euo pipefail

WITH_PROMETHEUS=no
for arg in "$@"; do
    case "$arg" in
        --with-prometheus) WITH_PROMETHEUS=yes ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "local-stack: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${SHARELEDGER_DATA_DIR:-$ROOT/.data}"
LOGS="$DATA/logs"
VERSION="0.1.0-SNAPSHOT"

COMMAND_PORT="${SHARELEDGER_COMMAND_PORT:-8080}"
QUERY_PORT="${SHARELEDGER_QUERY_PORT:-8081}"
ISSUER_PORT="${SHARELEDGER_ISSUER_PORT:-8090}"
PG_PORT="${SHARELEDGER_PG_PORT:-5432}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
AUDIENCE="${SHARELEDGER_AUDIENCE:-shareledger}"
INSTANCES="${SHARELEDGER_INSTANCES:-1}"
PROMETHEUS_PORT="${SHARELEDGER_PROMETHEUS_PORT:-9090}"

INFRA_JAR="$ROOT/infra/target/infra-$VERSION.jar"
INFRA_CP="$INFRA_JAR:$ROOT/infra/target/lib/*"
COMMAND_JAR="$ROOT/command-service/target/command-service-$VERSION.jar"
QUERY_JAR="$ROOT/query-service/target/query-service-$VERSION.jar"
KAFKA_LIBS="$ROOT/infra/target/kafka-libs"

START_PG=yes; [ -n "${SHARELEDGER_DB_URL:-}" ] && START_PG=no
START_KAFKA=yes; [ -n "${SHARELEDGER_KAFKA:-}" ] && START_KAFKA=no
START_ISSUER=yes; [ -n "${SHARELEDGER_JWK_SET_URI:-}" ] && START_ISSUER=no
[[ "$INSTANCES" =~ ^[1-9][0-9]*$ ]] && [ "$INSTANCES" -le 9 ] || { echo "local-stack: SHARELEDGER_INSTANCES must be 1 to 9" >&2; exit 1; }

say() { printf '\033[1mlocal-stack:\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mlocal-stack: %s\033[0m\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------------------------ processes
# Only the PIDs recorded here are ever signalled: nothing this script did not start.
PIDS=()
NAMES=()
STOPPING=no

stop_all() {
    [ "$STOPPING" = yes ] && return 0
    STOPPING=yes
    trap '' INT TERM # a second Ctrl-C must not cut the clean-up short
    local i pid name waited
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        pid="${PIDS[$i]}"
        name="${NAMES[$i]}"
        if kill -0 "$pid" 2> /dev/null; then
            say "stopping $name (pid $pid)"
            kill -TERM "$pid" 2> /dev/null || true
            waited=0
            while kill -0 "$pid" 2> /dev/null && [ "$waited" -lt 300 ]; do
                sleep 0.1
                waited=$((waited + 1))
            done
            if kill -0 "$pid" 2> /dev/null; then
                say "$name did not stop within 30 s: killing it"
                kill -KILL "$pid" 2> /dev/null || true
            fi
            wait "$pid" 2> /dev/null || true
        fi
    done
    [ "${#PIDS[@]}" -gt 0 ] && say "stopped everything it started"
    return 0
}

on_signal() {
    echo
    stop_all
    exit 130
}

trap stop_all EXIT
trap on_signal INT TERM

# start NAME COMMAND... : runs the command in the background with its output in $LOGS/NAME.log
start() {
    local name="$1"
    shift
    local log="$LOGS/$name.log"
    if [ -f "$log" ]; then mv -f "$log" "$log.previous"; fi
    "$@" > "$log" 2>&1 < /dev/null &
    PIDS+=("$!")
    NAMES+=("$name")
    say "started $name (pid $!), log: ${log#"$ROOT"/}"
}

last_pid() { echo "${PIDS[${#PIDS[@]} - 1]}"; }

port_open() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

require_free_port() {
    if port_open "$1"; then
        local hint=""
        if [ "$2" = PostgreSQL ] && [ -f "$DATA/postgres/postmaster.pid" ]; then
            hint=" (a PostgreSQL left over from an earlier run? $DATA/postgres/postmaster.pid names pid $(head -n 1 "$DATA/postgres/postmaster.pid"))"
        fi
        fail "port $1 ($2) is already in use$hint - is another stack running? This script starts nothing on a busy port."
    fi
}

# http_get PORT PATH : prints the raw HTTP response (status line, headers, body); needs no curl
http_get() {
    local port="$1" path="$2" line
    exec 3<> "/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    while IFS= read -r -t 5 line <&3 || [ -n "$line" ]; do
        printf '%s\n' "$line"
        line=""
    done
    exec 3<&-
    return 0
}

# wait_until NAME SECONDS CHECK... : polls CHECK until it succeeds; fails if the process died or time ran out
wait_until() {
    local name="$1" seconds="$2" pid started
    shift 2
    pid="$(last_pid)"
    started=$SECONDS
    while ! "$@"; do
        if ! kill -0 "$pid" 2> /dev/null; then
            tail -n 30 "$LOGS/$name.log" >&2 || true
            fail "$name exited before it was ready; see $LOGS/$name.log (last lines above)"
        fi
        if [ $((SECONDS - started)) -ge "$seconds" ]; then
            tail -n 30 "$LOGS/$name.log" >&2 || true
            fail "$name was not ready after $seconds s; see $LOGS/$name.log (last lines above)"
        fi
        sleep 0.5
    done
    say "$name is ready ($((SECONDS - started)) s)"
}

log_has() { grep -q -- "$2" "$LOGS/$1.log" 2> /dev/null; }
# (no pipes into grep -q: with pipefail, an early exit of grep would fail the pipeline)
health_up() {
    local response
    response="$(http_get "$1" /actuator/health 2> /dev/null)" || return 1
    [[ "$response" == *'"status":"UP"'* ]]
}
issuer_up() {
    local response
    response="$(http_get "$1" /.well-known/openid-configuration 2> /dev/null)" || return 1
    [[ "$response" == "HTTP/1."?" 200"* ]]
}
prometheus_up() {
    local response
    response="$(http_get "$1" /-/ready 2> /dev/null)" || return 1
    [[ "$response" == "HTTP/1."?" 200"* ]]
}

# mint_operator_token FILE : asks the dev issuer for a token with the operator role (sub: prometheus)
# and writes it to FILE, readable by this user only; prometheus reads the file at every scrape
mint_operator_token() {
    local file="$1" body="sub=prometheus&roles=operator" line response="" token
    exec 3<> "/dev/tcp/127.0.0.1/$ISSUER_PORT" || return 1
    printf 'POST /token HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' \
        "$ISSUER_PORT" "${#body}" "$body" >&3
    while IFS= read -r -t 5 line <&3 || [ -n "$line" ]; do
        response+="$line"
        line=""
    done
    exec 3<&-
    token="$(printf '%s' "$response" | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')"
    [ -n "$token" ] || return 1
    (umask 077 && printf '%s' "$token" > "$file.new") && mv -f "$file.new" "$file"
}

# targets BASE_PORT : the YAML list of every instance of a service (scraped directly, not through HAProxy,
# so that each instance's counters stay its own)
targets() {
    local i list=""
    for ((i = 1; i <= INSTANCES; i++)); do
        list+="${list:+, }'127.0.0.1:$(instance_port "$1" "$i")'"
    done
    echo "[$list]"
}

# write_prometheus_config FILE TOKEN_FILE : every instance of both services as scrape jobs, the
# ShareLedger alert rules
write_prometheus_config() {
    cat > "$1" << EOF
# generated by infra/local-stack.sh --with-prometheus; rewritten at every start
global:
  scrape_interval: 15s
  evaluation_interval: 15s
rule_files:
  - $ROOT/infra/prometheus/shareledger.rules.yml
scrape_configs:
  - job_name: shareledger-command
    metrics_path: /actuator/prometheus
    authorization:
      type: Bearer
      credentials_file: $2
    static_configs:
      - targets: $(targets "$COMMAND_PORT")
EOF
    if [ "$QUERY_STARTED" = yes ]; then
        cat >> "$1" << EOF
  - job_name: shareledger-query
    metrics_path: /actuator/prometheus
    authorization:
      type: Bearer
      credentials_file: $2
    static_configs:
      - targets: $(targets "$QUERY_PORT")
EOF
    fi
}

# -------------------------------------------------------------------------------------- build
# newer_than FILE PATH... : true when FILE is missing or one of the PATHs holds a newer file
newer_than() {
    local target="$1"
    shift
    [ -f "$target" ] || return 0
    local p
    for p in "$@"; do
        if [ -e "$p" ] && [ -n "$(find "$p" -type f -newer "$target" -print -quit 2> /dev/null)" ]; then
            return 0
        fi
    done
    return 1
}

build() {
    command -v java > /dev/null || fail "java not found on PATH: install a JDK 17 or newer"
    if [ "${SHARELEDGER_SKIP_BUILD:-}" = 1 ]; then
        say "SHARELEDGER_SKIP_BUILD=1: using the jars as they are"
        return 0
    fi
    local modules=() common=("$ROOT/pom.xml" "$ROOT/shared-api/pom.xml" "$ROOT/shared-api/src/main")
    if newer_than "$INFRA_JAR" "$ROOT/pom.xml" "$ROOT/infra/pom.xml" "$ROOT/infra/src/main" \
        || [ ! -d "$ROOT/infra/target/lib" ]; then
        modules+=(infra)
    fi
    if newer_than "$COMMAND_JAR" "${common[@]}" "$ROOT/command-service/pom.xml" "$ROOT/command-service/src/main"; then
        modules+=(command-service)
    fi
    if [ -d "$ROOT/query-service/src/main" ] \
        && newer_than "$QUERY_JAR" "${common[@]}" "$ROOT/query-service/pom.xml" "$ROOT/query-service/src/main"; then
        modules+=(query-service)
    fi
    if [ "${#modules[@]}" -gt 0 ]; then
        local list
        list="$(IFS=,; echo "${modules[*]}")"
        say "building $list (./mvnw -B -q -DskipTests package -pl $list -am) ..."
        (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl "$list" -am) || fail "the build failed"
    fi
    if [ "$START_KAFKA" = yes ] && newer_than "$KAFKA_LIBS/.complete" "$ROOT/infra/kafka-runtime/pom.xml"; then
        say "gathering the Kafka broker jars into ${KAFKA_LIBS#"$ROOT"/} (first time only) ..."
        (cd "$ROOT" && ./mvnw -B -q -f infra/kafka-runtime/pom.xml package) || fail "could not fetch the Kafka jars"
        touch "$KAFKA_LIBS/.complete"
    fi
}

# ---------------------------------------------------------------------------------------- main
# all ports checked before anything starts
[ "$START_PG" = yes ] && require_free_port "$PG_PORT" "PostgreSQL"
[ "$START_KAFKA" = yes ] && require_free_port "$KAFKA_PORT" "Kafka" && require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka controller"
[ "$START_ISSUER" = yes ] && require_free_port "$ISSUER_PORT" "dev issuer"
require_free_port "$COMMAND_PORT" "command-service"
[ -f "$QUERY_JAR" ] && require_free_port "$QUERY_PORT" "query-service"
if [ "$WITH_PROMETHEUS" = yes ]; then
    command -v prometheus > /dev/null \
        || fail "--with-prometheus: prometheus is not installed (Debian: apt-get install prometheus)"
    [ "$START_ISSUER" = yes ] \
        || fail "--with-prometheus mints the scrape token with the dev issuer: it cannot be used with SHARELEDGER_JWK_SET_URI"
    require_free_port "$PROMETHEUS_PORT" "prometheus"
fi
# instance_port BASE I : where instance I listens (the service port itself with a single instance)
instance_port() { if [ "$INSTANCES" -eq 1 ]; then echo "$1"; else echo $(($1 + 100 * $2)); fi; }
# instance_name SERVICE I : its process and log name
instance_name() { if [ "$INSTANCES" -eq 1 ]; then echo "$1"; else echo "$1-$2"; fi; }
if [ "$INSTANCES" -gt 1 ]; then
    command -v haproxy > /dev/null \
        || fail "SHARELEDGER_INSTANCES=$INSTANCES needs HAProxy in front of the instances: apt-get install haproxy"
    for ((i = 1; i <= INSTANCES; i++)); do
        require_free_port "$(instance_port "$COMMAND_PORT" "$i")" "command-service instance $i"
        [ -f "$QUERY_JAR" ] && require_free_port "$(instance_port "$QUERY_PORT" "$i")" "query-service instance $i"
    done
fi
build
[ -f "$COMMAND_JAR" ] || fail "missing $COMMAND_JAR"
mkdir -p "$LOGS"

if [ "$START_PG" = yes ]; then
    require_free_port "$PG_PORT" "PostgreSQL"
    start postgres java -cp "$INFRA_CP" io.shareledger.infra.LocalPostgres \
        --port "$PG_PORT" --data-dir "$DATA/postgres" --user shareledger --password shareledger
    wait_until postgres 120 log_has postgres "local-postgres: ready"
    WRITE_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/shareledger_write"
    READ_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/shareledger_read"
    DB_USER=shareledger
    DB_PASSWORD=shareledger
else
    WRITE_DB_URL="$SHARELEDGER_DB_URL"
    READ_DB_URL="${SHARELEDGER_QUERY_DB_URL:-${SHARELEDGER_DB_URL/shareledger_write/shareledger_read}}"
    if [ "$READ_DB_URL" = "$WRITE_DB_URL" ]; then
        # the services must not share a database: each one's Flyway owns its schema
        echo "local-stack: set SHARELEDGER_QUERY_DB_URL to the query service's own database" \
             "(SHARELEDGER_DB_URL does not name shareledger_write, so it cannot be derived)" >&2
        exit 1
    fi
    DB_USER="${SHARELEDGER_DB_USER:-shareledger}"
    DB_PASSWORD="${SHARELEDGER_DB_PASSWORD:-}"
    say "using an external PostgreSQL for the write and read databases"
fi

if [ "$START_KAFKA" = yes ]; then
    require_free_port "$KAFKA_PORT" "Kafka"
    require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka controller"
    start kafka env SHARELEDGER_DATA_DIR="$DATA" KAFKA_PORT="$KAFKA_PORT" \
        KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" "$ROOT/infra/kafka.sh"
    wait_until kafka 120 log_has kafka "Kafka Server started"
    KAFKA="127.0.0.1:$KAFKA_PORT"
else
    KAFKA="$SHARELEDGER_KAFKA"
    say "using the Kafka brokers at $KAFKA"
fi

if [ "$START_ISSUER" = yes ]; then
    require_free_port "$ISSUER_PORT" "dev issuer"
    start dev-issuer java -cp "$INFRA_CP" io.shareledger.infra.DevIssuer \
        --port "$ISSUER_PORT" --data-dir "$DATA/issuer" --audience "$AUDIENCE"
    wait_until dev-issuer 60 issuer_up "$ISSUER_PORT"
    ISSUER="http://127.0.0.1:$ISSUER_PORT"
    JWK_SET_URI="$ISSUER/jwks"
else
    JWK_SET_URI="$SHARELEDGER_JWK_SET_URI"
    ISSUER="${SHARELEDGER_ISSUER:-}"
    [ -n "$ISSUER" ] || fail "SHARELEDGER_JWK_SET_URI is set: set SHARELEDGER_ISSUER to that issuer too"
    say "using the token issuer $ISSUER (keys at $JWK_SET_URI)"
fi

# The key vault's secrets: generated on the first run into the ignored data folder, readable by
# this user only, and found again on the next start (the data keys in the database are wrapped
# with this KEK: deleting it while keeping the database makes every personal field unreadable).
random_base64() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
SECRETS="$DATA/secrets"
mkdir -p "$SECRETS" && chmod 700 "$SECRETS"
KEK_FILE="${SHARELEDGER_CRYPTO_KEK_FILE:-$SECRETS/kek.properties}"
CURRENT_KEK="${SHARELEDGER_CRYPTO_CURRENT_KEK:-local}"
if [ -z "${SHARELEDGER_CRYPTO_KEK_FILE:-}" ] && [ ! -f "$KEK_FILE" ]; then
    (umask 077 && printf 'local=%s\n' "$(random_base64)" > "$KEK_FILE")
    say "generated a key-encryption key into ${KEK_FILE#"$ROOT"/}"
fi
KEY_SERVICE_TOKEN="${SHARELEDGER_KEY_SERVICE_TOKEN:-}"
if [ -z "$KEY_SERVICE_TOKEN" ]; then
    if [ ! -f "$SECRETS/key-service-token" ]; then
        (umask 077 && random_base64 > "$SECRETS/key-service-token")
        say "generated the key-service token into ${SECRETS#"$ROOT"/}/key-service-token"
    fi
    KEY_SERVICE_TOKEN="$(cat "$SECRETS/key-service-token")"
fi

# passed through env(1), which execs java: the PID recorded is the JVM's own
SERVICE_ENV=(SHARELEDGER_KAFKA="$KAFKA" SHARELEDGER_JWK_SET_URI="$JWK_SET_URI" SHARELEDGER_ISSUER="$ISSUER"
    SHARELEDGER_AUDIENCE="$AUDIENCE" SHARELEDGER_DB_USER="$DB_USER" SHARELEDGER_DB_PASSWORD="$DB_PASSWORD"
    AXONIQ_UPDATE_CHECKER_DISABLED=true SHARELEDGER_KEY_SERVICE_TOKEN="$KEY_SERVICE_TOKEN")

for ((i = 1; i <= INSTANCES; i++)); do
    port="$(instance_port "$COMMAND_PORT" "$i")"
    name="$(instance_name command-service "$i")"
    require_free_port "$port" "$name"
    start "$name" env "${SERVICE_ENV[@]}" SHARELEDGER_COMMAND_PORT="$port" SHARELEDGER_DB_URL="$WRITE_DB_URL" \
        SHARELEDGER_CRYPTO_KEK_FILE="$KEK_FILE" SHARELEDGER_CRYPTO_CURRENT_KEK="$CURRENT_KEK" \
        java -jar "$COMMAND_JAR"
    wait_until "$name" 180 health_up "$port"
done

# haproxy_config SERVICE PORT : a listener on PORT, round robin over the SERVICE's ready instances
haproxy_config() {
    local i
    printf 'listen %s\n    bind %s:%s\n    balance roundrobin\n' "$1" "${SHARELEDGER_BIND_ADDRESS:-127.0.0.1}" "$2"
    printf '    option httpchk GET /actuator/health/readiness\n    http-check expect status 200\n'
    for ((i = 1; i <= INSTANCES; i++)); do
        printf '    server %s-%s 127.0.0.1:%s check inter 1s fall 2 rise 1\n' "$1" "$i" "$(instance_port "$2" "$i")"
    done
}
LOAD_BALANCER=no
if [ "$INSTANCES" -gt 1 ]; then
    # one address per service; the timeouts allow a synchronous topic refill (docs/operations.md)
    {
        printf 'global\n    maxconn 4096\n\ndefaults\n    mode http\n    option http-keep-alive\n'
        printf '    timeout connect 5s\n    timeout client 10m\n    timeout server 10m\n    retries 2\n    option redispatch\n\n'
        haproxy_config command-service "$COMMAND_PORT"
        if [ -f "$QUERY_JAR" ]; then echo; haproxy_config query-service "$QUERY_PORT"; fi
    } > "$DATA/haproxy.cfg"
    haproxy -c -q -f "$DATA/haproxy.cfg" || fail "HAProxy refused $DATA/haproxy.cfg"
    start load-balancer haproxy -db -f "$DATA/haproxy.cfg"
    wait_until load-balancer 30 health_up "$COMMAND_PORT"
    LOAD_BALANCER=yes
fi

QUERY_STARTED=no
if [ -f "$QUERY_JAR" ]; then
    for ((i = 1; i <= INSTANCES; i++)); do
        port="$(instance_port "$QUERY_PORT" "$i")"
        name="$(instance_name query-service "$i")"
        require_free_port "$port" "$name"
        start "$name" env "${SERVICE_ENV[@]}" SHARELEDGER_QUERY_PORT="$port" SHARELEDGER_DB_URL="$READ_DB_URL" \
            SHARELEDGER_COMMAND_URL="http://127.0.0.1:$COMMAND_PORT" \
            java -jar "$QUERY_JAR"
        wait_until "$name" 180 health_up "$port"
    done
    if [ "$LOAD_BALANCER" = yes ]; then wait_until load-balancer 30 health_up "$QUERY_PORT"; fi
    QUERY_STARTED=yes
else
    say "query-service NOT started: ${QUERY_JAR#"$ROOT"/} does not exist (yet)"
fi

PROMETHEUS_STARTED=no
if [ "$WITH_PROMETHEUS" = yes ]; then
    PROMETHEUS_DIR="$DATA/prometheus"
    mkdir -p "$PROMETHEUS_DIR/data" && chmod 700 "$PROMETHEUS_DIR"
    OPERATOR_TOKEN_FILE="$PROMETHEUS_DIR/operator-token"
    mint_operator_token "$OPERATOR_TOKEN_FILE" || fail "could not get an operator token from the dev issuer"
    TOKEN_MINTED_AT=$SECONDS
    write_prometheus_config "$PROMETHEUS_DIR/prometheus.yml" "$OPERATOR_TOKEN_FILE"
    require_free_port "$PROMETHEUS_PORT" "prometheus"
    start prometheus prometheus --config.file="$PROMETHEUS_DIR/prometheus.yml" \
        --storage.tsdb.path="$PROMETHEUS_DIR/data" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
    wait_until prometheus 60 prometheus_up "$PROMETHEUS_PORT"
    PROMETHEUS_STARTED=yes
fi

TOKEN_URL="${ISSUER}/token"
cat << EOF

  ShareLedger local stack is up (data in $DATA, logs in $LOGS)
    command-service  http://127.0.0.1:$COMMAND_PORT   (API docs: http://127.0.0.1:$COMMAND_PORT/swagger-ui.html)
EOF
if [ "$QUERY_STARTED" = yes ]; then
    echo "    query-service    http://127.0.0.1:$QUERY_PORT   (API docs: http://127.0.0.1:$QUERY_PORT/swagger-ui.html)"
else
    echo "    query-service    not started (no jar)"
fi
if [ "$LOAD_BALANCER" = yes ]; then
    echo "    $INSTANCES instances of each service behind HAProxy (config: $DATA/haproxy.cfg):"
    for ((i = 1; i <= INSTANCES; i++)); do
        echo "      instance $i: command-service http://127.0.0.1:$(instance_port "$COMMAND_PORT" "$i")," \
            "query-service http://127.0.0.1:$(instance_port "$QUERY_PORT" "$i")"
    done
fi
cat << EOF
    token issuer     $ISSUER   (discovery: $ISSUER/.well-known/openid-configuration)
    PostgreSQL       $WRITE_DB_URL, $READ_DB_URL (user $DB_USER)
    Kafka            $KAFKA
EOF
if [ "$PROMETHEUS_STARTED" = yes ]; then
    echo "    Prometheus       http://127.0.0.1:$PROMETHEUS_PORT   (alerts: http://127.0.0.1:$PROMETHEUS_PORT/alerts;"
    echo "                     config ${PROMETHEUS_DIR#"$ROOT"/}/prometheus.yml; dashboard to import: infra/grafana/shareledger-dashboard.json)"
fi
cat << EOF

  Get a token (roles: member, privacy-officer; comma-separated):
    TOKEN=\$(curl -s -X POST $TOKEN_URL -d sub=alice -d roles=member | jq -r .access_token)
  or without jq:
    TOKEN=\$(curl -s -X POST $TOKEN_URL -d sub=alice -d roles=member | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
  then:
    curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$COMMAND_PORT/...

  Ctrl-C stops everything this script started.
EOF

# Watch the children; an unexpected exit stops the rest. (sleep in the background so that
# Ctrl-C / SIGTERM are handled at once.)
while true; do
    for i in "${!PIDS[@]}"; do
        if ! kill -0 "${PIDS[$i]}" 2> /dev/null; then
            tail -n 20 "$LOGS/${NAMES[$i]}.log" >&2 || true
            fail "${NAMES[$i]} (pid ${PIDS[$i]}) exited unexpectedly; see $LOGS/${NAMES[$i]}.log; stopping the rest"
        fi
    done
    # the dev issuer's tokens live an hour: a fresh one for prometheus every half hour
    if [ "$PROMETHEUS_STARTED" = yes ] && [ $((SECONDS - TOKEN_MINTED_AT)) -ge 1800 ]; then
        if mint_operator_token "$OPERATOR_TOKEN_FILE"; then
            TOKEN_MINTED_AT=$SECONDS
        else
            say "could not renew prometheus' operator token; trying again in a minute"
            TOKEN_MINTED_AT=$((SECONDS - 1740))
        fi
    fi
    sleep 2 &
    wait $! || true
done
