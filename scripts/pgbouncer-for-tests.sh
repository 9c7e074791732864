#!/usr/bin/env bash
# Starts PgBouncer in transaction mode in front of the machine's PostgreSQL (127.0.0.1:5432), as a
# pooled production deployment runs it, and prints its URL. Installs Debian's pgbouncer package
# when it is missing. Usage: eval "$(bash scripts/pgbouncer-for-tests.sh)" sets
# TEST_DATABASE_POOLER_URL; `bash scripts/pgbouncer-for-tests.sh stop` stops it.
set -euo pipefail
PORT="${PGBOUNCER_TEST_PORT:-6432}"
DIR="${PGBOUNCER_TEST_DIR:-/tmp/parley-pgbouncer-test}"

if [[ "${1:-}" == "stop" ]]; then
  [[ -f "$DIR/pgbouncer.pid" ]] && kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null || true
  exit 0
fi

if ! command -v pgbouncer >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >&2
fi
[[ -f "$DIR/pgbouncer.pid" ]] && kill "$(cat "$DIR/pgbouncer.pid")" 2>/dev/null && sleep 1 || true
mkdir -p "$DIR"
cat >"$DIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=5432
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PORT
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
INI
echo '"postgres" ""' >"$DIR/userlist.txt"
# PgBouncer refuses to run as root.
if [[ "$(id -u)" == "0" ]]; then
  chown -R postgres "$DIR"
  su postgres -s /bin/sh -c "pgbouncer -d '$DIR/pgbouncer.ini'" >&2
else
  pgbouncer -d "$DIR/pgbouncer.ini" >&2
fi
for _ in $(seq 1 20); do
  pg_isready -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1 && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT" >/dev/null || { cat "$DIR/pgbouncer.log" >&2; exit 1; }
echo "export TEST_DATABASE_POOLER_URL=postgresql://postgres@127.0.0.1:$PORT/postgres"
