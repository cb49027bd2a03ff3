#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need (PostgreSQL, Chromium, a calendar
# parser) when missing, starts PostgreSQL with a test role, runs every test project, and fails if any
# PostgreSQL test was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
/usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1 || need+=(python3-icalendar)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# PostgreSQL: start the Debian cluster and make a test role that may create databases.
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q online; then
  pg_lsclusters -h | grep -q "^$PGVER " || pg_createcluster "$PGVER" main >/dev/null
  pg_ctlcluster "$PGVER" main start
fi
PGPORT=$(pg_lsclusters -h | awk '$4=="online"{print $3; exit}')
# SQL goes in on stdin so no shell quoting touches it.
run_psql() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "psql -p $PGPORT -qtA" <<<"$1"; else sudo -u postgres psql -p "$PGPORT" -qtA <<<"$1"; fi; }
for i in $(seq 1 30); do run_psql "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
run_psql "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='callrecover') THEN CREATE ROLE callrecover LOGIN CREATEDB PASSWORD 'callrecover'; END IF; END\$\$;" >/dev/null
# Leftover test databases from an interrupted earlier run (only in CI: locally another run may be using them).
if [ "${CI:-}" = "true" ]; then
  for d in $(run_psql "SELECT datname FROM pg_database WHERE datname LIKE 'cr\_%'"); do run_psql "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null || true; done
fi

# axe-core for the browser tests' accessibility checks, ical.js for the calendar tests' second parser (pinned in package-lock.json).
[ -f tests/CallRecover.BrowserTests/node_modules/axe-core/axe.min.js ] || npm ci --prefix tests/CallRecover.BrowserTests --no-audit --no-fund --silent
[ -f tests/CallRecover.Tests/CalendarParsers/node_modules/ical.js/dist/ical.js ] || npm ci --prefix tests/CallRecover.Tests/CalendarParsers --no-audit --no-fund --silent

export CALLRECOVER_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=callrecover;Password=callrecover;Database=postgres;Pooling=true;Maximum Pool Size=40"
export CALLRECOVER_REQUIRE_POSTGRES=1
export CALLRECOVER_CHROMIUM=/usr/bin/chromium

results=$(mktemp -d)
echo "== dotnet test"
dotnet test CallRecover.slnx --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true
# A PostgreSQL test that skipped is a failure here (CALLRECOVER_REQUIRE_POSTGRES turns a missing server into
# an error; this also catches any other skip of a Postgres case).
if grep -h -o 'testName="[^"]*postgres[^"]*"[^>]*outcome="NotExecuted"' "$results"/*.trx >/dev/null 2>&1; then
  echo "FAIL: some PostgreSQL tests were skipped:"
  grep -h -o 'testName="[^"]*postgres[^"]*"[^>]*outcome="NotExecuted"' "$results"/*.trx | head -20
  exit 1
fi
echo "== all tests passed (PostgreSQL included)"
