#!/usr/bin/env bash
# Makes a real streaming replica of the machine's PostgreSQL 15 (127.0.0.1:5432) on another port
# and prints its URL, as a deployment with read replicas runs it: pg_basebackup -R -X stream into a
# fresh folder, started as the postgres OS user with the machine's own binaries, in hot standby.
# Idempotent: a replica already running and streaming is kept; a stopped one is started again (and
# rebuilt when it cannot stream any more). Allows replication connections from 127.0.0.1 in the
# machine cluster's pg_hba.conf when they are not allowed yet (one line, then a reload).
# Usage: eval "$(bash scripts/replica-for-tests.sh)" sets TEST_DATABASE_REPLICA_URL;
# `bash scripts/replica-for-tests.sh stop` stops it (the folder is kept for a quick restart).
set -euo pipefail
PORT="${REPLICA_TEST_PORT:-5433}"
DIR="${REPLICA_TEST_DIR:-/tmp/parley-replica-test}"
PRIMARY_HOST=127.0.0.1
PRIMARY_PORT="${REPLICA_TEST_PRIMARY_PORT:-5432}"
BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
URL="postgresql://postgres@127.0.0.1:$PORT/postgres"

# Runs a command as the postgres OS user when we are root (PostgreSQL refuses to run as root).
as_postgres() {
  if [[ "$(id -u)" == "0" ]]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

sql() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atqc "$2" 2>/dev/null; }

streaming() {
  [[ "$(sql "$PORT" 'SELECT pg_is_in_recovery()')" == "t" ]] &&
    [[ "$(sql "$PORT" "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")" == "1" ]]
}

wait_streaming() {
  for _ in $(seq 1 "$1"); do
    streaming && return 0
    sleep 0.5
  done
  return 1
}

stop_replica() {
  if [[ -f "$DIR/postmaster.pid" ]]; then
    as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast -w -t 30 stop >&2 || true
  fi
}

if [[ "${1:-}" == "stop" ]]; then
  stop_replica
  exit 0
fi

if pg_isready -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1 && streaming; then
  # A spec that died while it had paused replay (pg_wal_replay_pause) left it paused.
  sql "$PORT" 'SELECT pg_wal_replay_resume()' >/dev/null || true
  echo "export TEST_DATABASE_REPLICA_URL=$URL"
  exit 0
fi

# A stopped replica whose folder is intact starts again in a second or two.
if [[ -f "$DIR/standby.signal" ]] && ! pg_isready -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; then
  rm -f "$DIR/postmaster.pid"
  if as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" -w -t 30 start >&2 && wait_streaming 20; then
    echo "export TEST_DATABASE_REPLICA_URL=$URL"
    exit 0
  fi
fi

# Otherwise a fresh one. The primary must accept a replication connection from 127.0.0.1.
HBA="$(sql "$PRIMARY_PORT" 'SHOW hba_file')"
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$HBA"; then
  [[ -z "$(tail -c1 "$HBA")" ]] || echo >>"$HBA"
  printf '%s\n' '# Parley tests: streaming replicas on this machine (scripts/replica-for-tests.sh)' \
    'host replication postgres 127.0.0.1/32 trust' >>"$HBA"
  sql "$PRIMARY_PORT" 'SELECT pg_reload_conf()' >/dev/null
fi
[[ "$(sql "$PRIMARY_PORT" 'SHOW wal_level')" != "minimal" ]] || {
  echo "The primary runs with wal_level=minimal: no streaming replica possible" >&2
  exit 1
}

stop_replica
rm -rf "$DIR"
mkdir -p "$DIR"
chmod 700 "$DIR"
[[ "$(id -u)" == "0" ]] && chown postgres "$DIR"
as_postgres "$BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DIR" -R -X stream -c fast >&2

# Debian keeps postgresql.conf and pg_hba.conf outside the data folder: the replica gets its own.
# A hot standby needs these at least as high as its primary's.
setting() { sql "$PRIMARY_PORT" "SHOW $1"; }
cat >"$DIR/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hba_file = '$DIR/pg_hba.conf'
ident_file = '$DIR/pg_ident.conf'
hot_standby = on
hot_standby_feedback = on
max_connections = $(setting max_connections)
max_worker_processes = $(setting max_worker_processes)
max_prepared_transactions = $(setting max_prepared_transactions)
max_locks_per_transaction = $(setting max_locks_per_transaction)
max_wal_senders = $(setting max_wal_senders)
shared_buffers = 32MB
fsync = off
logging_collector = off
CONF
printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' >"$DIR/pg_hba.conf"
: >"$DIR/pg_ident.conf"
[[ "$(id -u)" == "0" ]] && chown postgres "$DIR"/postgresql.conf "$DIR"/pg_hba.conf "$DIR"/pg_ident.conf
as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" -w -t 60 start >&2
wait_streaming 60 || {
  cat "$DIR/replica.log" >&2
  exit 1
}
echo "export TEST_DATABASE_REPLICA_URL=$URL"
