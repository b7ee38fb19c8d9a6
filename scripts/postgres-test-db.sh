#!/usr/bin/env bash
# Starts the local PostgreSQL cluster and creates the role and database PTĐV's tests use.
# Idempotent; needs root (or sudo). Prints the DATABASE_URL to use.
set -euo pipefail
PGUSER_NAME=${PGUSER_NAME:-ptdv}
PGPASS=${PGPASS:-ptdv}
PGDB=${PGDB:-ptdv}

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  $SUDO pg_createcluster "$version" main >&2
  cluster="$version main"
fi
# shellcheck disable=SC2086
$SUDO pg_ctlcluster $cluster start >&2 2>/dev/null || true
port=$(pg_lsclusters --no-header | awk -v v="${cluster% *}" '$1==v {print $3; exit}')

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done

psql_as_postgres() { $SUDO runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_as_postgres <<SQL >&2
SELECT 'CREATE ROLE ${PGUSER_NAME} LOGIN CREATEDB PASSWORD ''${PGPASS}'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PGUSER_NAME}')\gexec
SELECT 'CREATE DATABASE ${PGDB} OWNER ${PGUSER_NAME}'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${PGDB}')\gexec
SQL
echo "postgres://${PGUSER_NAME}:${PGPASS}@127.0.0.1:${port}/${PGDB}"
