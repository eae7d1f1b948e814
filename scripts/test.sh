#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this through `npm test`): type check, lint,
# unit tests, integration tests on SQLite and on PostgreSQL, the reliability scenarios (several
# app processes on PostgreSQL) and end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/ensure-deps.sh

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing Chromium (Debian package) for the end-to-end tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the end-to-end tests: install Debian's 'chromium' package or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

results=.test-results
rm -rf "$results" && mkdir -p "$results"
run_vitest() { # name, project, extra env...
  local name=$1 project=$2; shift 2
  echo "==> ${name}"
  env FLAKY_REPORT_FILE="$results/flaky.txt" "$@" vitest run --project "$project" \
    --reporter=default --reporter=json --reporter=./tests/support/flaky-reporter.ts --outputFile.json="$results/$name.json"
}

echo "==> Type check" && tsc --noEmit
echo "==> Lint" && eslint --max-warnings 0 .
echo "==> Build" && remix vite:build >/dev/null

status=0
echo "==> Dependency audit (production dependencies)"
node scripts/audit.mjs || status=1
run_vitest unit unit || status=1
run_vitest integration-sqlite integration TEST_DATABASE=sqlite || status=1
run_vitest integration-postgres integration TEST_DATABASE=postgres || status=1
run_vitest reliability reliability TEST_DATABASE=postgres || status=1
run_vitest e2e e2e || status=1
node scripts/test-summary.mjs "$results"
exit $status
