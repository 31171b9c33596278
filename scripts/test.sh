#!/usr/bin/env bash
# The README's test command (`npm test`). Builds the plugin (which also type-checks it and is what
# integration-tests/built installs), then runs unit and integration tests in one jest run on real
# Postgres: embedded-postgres unless DB_HOST / DATABASE_URL point at a server.
set -euo pipefail
cd "$(dirname "$0")/.."
export MEDUSA_DISABLE_TELEMETRY=true
export LOG_LEVEL="${LOG_LEVEL:-error}"
# One runInBand jest process holds every suite's Medusa app in turn and its heap grows with the
# suite count: at ~40 suites it passed Node 20's default limit (~4 GB) and aborted (OOM). The
# machines have 24 GiB; 12 GB leaves room as the suite grows.
export NODE_OPTIONS="--experimental-vm-modules --max-old-space-size=12288 ${NODE_OPTIONS:-}"

echo "== format:check (prettier; npm run format fixes)"
npx prettier --check . --log-level warn

echo "== medusa plugin:build (type-check + build)"
npx medusa plugin:build
node scripts/build-sandbox.js

results="$(mktemp -d)/jest.json"
status=0
TEST_TYPE=all npx jest --runInBand --forceExit --json --outputFile="$results" "$@" || status=$?

node -e '
  const r = require(process.argv[1])
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)
' "$results" || true
exit $status
