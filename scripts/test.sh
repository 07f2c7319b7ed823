#!/usr/bin/env bash
# The whole suite on SQLite, then again on a PostgreSQL server this script starts and stops.
# ZIXUN_TEST_SKIP_PG=1 skips the PostgreSQL pass; extra arguments go to pytest.
# --fast (make test-fast): the SQLite pass only, without the browser and the slow tests.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
scratch=$(mktemp -d /tmp/zixun-test.XXXXXX)
if [ "${1:-}" = "--fast" ]; then
  shift
  trap 'rm -rf "$scratch"' EXIT
  echo "=== zixun fast tests on SQLite (no browser, no slow tests; make test runs them all) ==="
  ZIXUN_DATA_DIR="$scratch/sqlite" ZIXUN_DATABASE_URL="" $bin/pytest -m "not slow and not browser" "$@"
  exit
fi
# Its own folder directly under /tmp: when we are root the server runs as the postgres user,
# which could not enter a folder inside our private scratch directory.
pg_dir=$(mktemp -d /tmp/zixun-pg.XXXXXX)
cleanup() { $bin/python scripts/pgtest.py stop "$pg_dir" 2>/dev/null; rm -rf "$scratch" "$pg_dir"; }
trap cleanup EXIT

scripts/browser-setup.sh || echo "zixun: the browser test will be skipped (no Chromium)"
if ! scripts/redis-setup.sh; then
  echo "zixun: could not install redis-server, which the shared-cache tests need" >&2
  exit 1
fi

echo "=== zixun tests on SQLite ==="
ZIXUN_DATA_DIR="$scratch/sqlite" ZIXUN_DATABASE_URL="" $bin/pytest "$@"
sqlite_rc=$?

if [ "${ZIXUN_TEST_SKIP_PG:-0}" = "1" ]; then
  echo "zixun: ZIXUN_TEST_SKIP_PG=1, PostgreSQL pass skipped"
  exit $sqlite_rc
fi
echo "=== zixun tests on PostgreSQL ==="
if ! url=$($bin/python scripts/pgtest.py start "$pg_dir"); then
  echo "zixun: could not start PostgreSQL (see above); set ZIXUN_TEST_SKIP_PG=1 to skip it" >&2
  exit 1
fi
# The browser test and its screenshots belong to the SQLite pass only.
ZIXUN_DATA_DIR="$scratch/postgres" ZIXUN_DATABASE_URL="$url" $bin/pytest -m "not browser" "$@"
pg_rc=$?
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
