#!/usr/bin/env bash
# Generates the whatsapp module's next migration against a scratch database.
# Serialised with flock: two generations at once would both diff against the same snapshot.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/medusa-plugin-whatsapp-dbgen.lock
flock 9
DB_URL="${GEN_DATABASE_URL:-postgres://postgres@localhost:5432/wa_gen}"
psql "${DB_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${DB_URL##*/}" -c "CREATE DATABASE ${DB_URL##*/}" >/dev/null
DATABASE_URL="$DB_URL" MEDUSA_DISABLE_TELEMETRY=true npx medusa db:generate whatsapp 2>&1 | grep -E "Generated|No changes|rror" || true
