#!/usr/bin/env bash
# Set up (packaging/setup.sh), start a local PostgreSQL on 127.0.0.1, and run
# the whole test suite on SQLite and PostgreSQL. Arguments go to pytest.
# Exits with pytest's exit code. Run as root (CI, fresh Debian 12).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Test paths given relative to the caller's directory still work after the cd.
args=()
for arg in "$@"; do
    if [[ "$arg" != -* && "$arg" != /* && -e "$PWD/${arg%%::*}" ]]; then
        arg="$PWD/$arg"
    fi
    args+=("$arg")
done
cd "$ROOT"

bash packaging/setup.sh

PG_USER=salon
PG_PASSWORD=salon
PG_DB=salon_test
PG_PORT=5432  # for a new cluster; an existing one keeps its own port

as_postgres() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}

# The newest PostgreSQL installed from Debian's packages.
PG_VERSION="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)"
if [[ -z "$PG_VERSION" ]]; then
    echo "test: PostgreSQL is not installed" >&2
    exit 1
fi
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -qx "$PG_VERSION main"; then
    echo "test: creating PostgreSQL $PG_VERSION cluster 'main'" >&2
    pg_createcluster "$PG_VERSION" main --port "$PG_PORT"
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    echo "test: starting PostgreSQL $PG_VERSION" >&2
    pg_ctlcluster "$PG_VERSION" main start || true
fi
PG_PORT="$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $3}')"
for _ in $(seq 1 30); do
    if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
        break
    fi
    sleep 1
done
pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null || {
    echo "test: PostgreSQL did not start on 127.0.0.1:$PG_PORT" >&2
    exit 1
}

psql_admin() {
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"
}
if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]]; then
    psql_admin -c "CREATE ROLE $PG_USER LOGIN CREATEDB CREATEROLE PASSWORD '$PG_PASSWORD'"
else
    psql_admin -c "ALTER ROLE $PG_USER LOGIN CREATEDB CREATEROLE PASSWORD '$PG_PASSWORD'"
fi
if [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]]; then
    psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
fi
# Trigram search lives in public, shared by every test schema.
psql_admin -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"
export SALON_TEST_PG_URL="postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"

# Lint first: a style or import error fails the run like a test does.
.venv/bin/ruff check --quiet salon_desktop tests benchmarks
.venv/bin/ruff format --check --quiet salon_desktop tests benchmarks

# Types: zero mypy errors in salon_desktop/ (the files of [tool.mypy]).
.venv/bin/mypy --no-error-summary

# The whole suite (no test paths given) also measures coverage per layer.
whole=1
for arg in "${args[@]}"; do
    [[ "$arg" == -* ]] || whole=0
done
whole_opts=()
if [[ "$whole" == 1 ]]; then
    whole_opts=(--cov=salon_desktop --cov-report=json:.coverage.json --cov-report=)
    # One worker per core (pytest-xdist): the suite is CPU-bound, and every
    # test has its own files, schema and Qt objects. SALON_TEST_WORKERS=0 runs
    # it in one process.
    whole_opts+=(-n "${SALON_TEST_WORKERS:-auto}")
    # The slowest tests, to see where the run's time goes.
    whole_opts+=(--durations=20)
fi

set +e
# The whole run must end well inside CI's limit even if a Qt dialog hangs.
timeout --signal=KILL 1500 .venv/bin/python -m pytest "${whole_opts[@]}" "${args[@]}"
status=$?
set -e
if [[ "$status" == 0 && "$whole" == 1 ]]; then
    .venv/bin/python packaging/check_coverage.py .coverage.json || status=1
fi
exit "$status"
