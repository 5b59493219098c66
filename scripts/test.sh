#!/usr/bin/env bash
# The one test command (npm test): static checks, build, then every test (unit, integration, end-to-end)
# against a real Kafka broker and PostgreSQL that it starts itself. The test stack has its own broker
# (port 19092, fresh data every run) and database (flotta_test, recreated by the tests' global setup), so a
# running dev system is not disturbed. Ends with one line: "N passed, N failed".
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export STACK_DIR="$ROOT/.stack/test"
export KAFKA_BROKERS="${TEST_KAFKA_BROKERS:-127.0.0.1:19092}"
export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-5432}" DB_USER="${DB_USER:-postgres}"
export DB_NAME="${TEST_DB_NAME:-flotta_test}"
export NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}" VITE_CONFIG_NATIVE_IGNORE_WARNING=true

passed=0
failed=0
step() {
  local name="$1"
  shift
  echo "[test] $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "[test] FAILED: $name"
    failed=$((failed + 1))
  fi
}

if [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund || exit 1
fi

# The console's browser tests drive Debian's chromium: Playwright's own browser download cannot work here.
if [[ -z "${CHROMIUM_PATH:-}" ]] && ! command -v chromium >/dev/null 2>&1; then
  echo "[test] installing chromium (apt-get) for the console's browser tests"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo -n)
  "${sudo_cmd[@]}" apt-get install -y chromium >/dev/null ||
    { "${sudo_cmd[@]}" apt-get update >/dev/null && "${sudo_cmd[@]}" apt-get install -y chromium >/dev/null; } ||
    echo "[test] chromium could not be installed: the console's browser tests will fail"
fi

step "format (prettier --check)" npm run --silent format:check
step "lint (eslint, type-aware)" npm run --silent lint
step "types (tsc --noEmit)" npm run --silent typecheck
step "build" npm run --silent build

cleanup() { bash scripts/stack.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT
bash scripts/stack.sh clean >/dev/null
if ! STACK_SKIP_APP_SETUP=1 bash scripts/stack.sh up; then
  echo "[test] the test stack did not start"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi

results="$STACK_DIR/vitest-results.json"
rm -f "$results"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
vitest_rc=$?
if [[ -f "$results" ]]; then
  read -r vp vf < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrors||0))' "$results")
  passed=$((passed + vp))
  failed=$((failed + vf))
fi
if [[ $vitest_rc -ne 0 && $failed -eq 0 ]]; then
  failed=1
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
