#!/usr/bin/env bash
# Runs the whole system on this machine: installs dependencies if needed, builds, starts Kafka and PostgreSQL
# (scripts/stack.sh), creates topics, runs migrations, then starts the four apps with readable logs and waits
# until every app answers /health/ready. Ctrl-C or SIGTERM stops the apps and the stack it started.
#
# Environment: the apps' variables (see .env.example); RUN_KEEP_STACK=1 leaves Kafka/PostgreSQL running on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
READY_TIMEOUT="${RUN_READY_TIMEOUT:-120}"

export NODE_ENV="${NODE_ENV:-development}"
export LOG_LEVEL="${LOG_LEVEL:-info}"

log() { echo "[run] $*"; }

if [[ ! -d node_modules ]]; then
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
# The config service needs a key for secrets at rest: a dev key is made once and kept beside the stack's data.
if [[ -z "${SECRETS_ENCRYPTION_KEY:-}" ]]; then
  mkdir -p .stack
  if [[ ! -s .stack/secrets-key ]]; then
    log "generating a development SECRETS_ENCRYPTION_KEY in .stack/secrets-key"
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))' >.stack/secrets-key)
  fi
  SECRETS_ENCRYPTION_KEY="$(cat .stack/secrets-key)"
  export SECRETS_ENCRYPTION_KEY
fi
# The read port's shared secret, the same for the config service and the gateway (both read the file at boot).
if [[ -z "${CONFIG_SERVICE_READ_SECRET:-}" && -z "${CONFIG_SERVICE_READ_SECRET_FILE:-}" ]]; then
  mkdir -p .stack
  if [[ ! -s .stack/read-secret ]]; then
    log "generating the read port's secret in .stack/read-secret"
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))' >.stack/read-secret)
  fi
  export CONFIG_SERVICE_READ_SECRET_FILE="$ROOT/.stack/read-secret"
fi
# The management API needs a bearer token: without a token file or OIDC, a dev admin token is minted once.
if [[ -z "${AUTH_TOKENS_FILE:-}" && -z "${OIDC_ISSUER:-}" ]]; then
  export AUTH_TOKENS_FILE="$ROOT/.stack/management-tokens.yaml"
  if [[ ! -s .stack/admin-token || ! -s "$AUTH_TOKENS_FILE" ]]; then
    log "minting a development admin token for the management API into .stack/admin-token"
    (umask 077 && node scripts/token.mjs dev-admin admin '*' "$AUTH_TOKENS_FILE" >.stack/admin-token)
  fi
fi
log "building"
npm run --silent build
bash scripts/stack.sh up

declare -A PORTS=([config-service]=8081 [registration-worker]=8082 [heartbeat-worker]=8083 [gateway]=8080)
# Config service first: the gateway reads through it.
APPS=(config-service registration-worker heartbeat-worker gateway)
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  log "stopping apps"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Each app exits within its SHUTDOWN_TIMEOUT_MS of the SIGTERM (docs/operations.md#graceful-shutdown).
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "${RUN_KEEP_STACK:-0}" != 1 ]]; then bash scripts/stack.sh down; fi
}
trap stop_all INT TERM EXIT

for app in "${APPS[@]}"; do
  port="${PORTS[$app]}"
  # Each app's lines are prefixed with its name so the interleaved output stays readable. The prefixing runs in a
  # process substitution so that $! is node's own PID: a SIGTERM to this script then reaches the apps (a PID of a
  # subshell around `node | sed` would leave them running as orphans).
  HTTP_PORT="$port" node "dist/apps/$app/src/main.js" > >(sed -u "s/^/[$app] /") 2>&1 &
  PIDS+=($!)
  log "started $app on :$port"
done

deadline=$((SECONDS + READY_TIMEOUT))
for app in "${APPS[@]}"; do
  url="http://127.0.0.1:${PORTS[$app]}/health/ready"
  until curl -fsS -o /dev/null "$url"; do
    if ((SECONDS > deadline)); then
      log "$app is not ready after ${READY_TIMEOUT}s ($url)"
      exit 1
    fi
    sleep 1
  done
  log "$app ready ($url)"
done
log "all apps ready: Edge Configuration API http://127.0.0.1:8080/api/flotta-backend/v1, management API http://127.0.0.1:8081/api/v1 (OpenAPI: http://127.0.0.1:8081/api/docs). Ctrl-C stops."
log "operator console: http://127.0.0.1:8081/console/"
if [[ -s .stack/admin-token && "${AUTH_TOKENS_FILE:-}" == "$ROOT/.stack/management-tokens.yaml" ]]; then
  log "management API: curl -H \"Authorization: Bearer \$(cat .stack/admin-token)\" http://127.0.0.1:8081/api/v1/whoami"
  log "console sign-in: paste the token in .stack/admin-token"
fi
wait
