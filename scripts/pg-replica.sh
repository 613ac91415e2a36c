#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL server, for the read-replica tests (docs/SCALING.md).
#   bash scripts/pg-replica.sh start   # a fresh hot standby on 127.0.0.1:5433 (pg_basebackup -R), prints its URL
#   bash scripts/pg-replica.sh stop    # stops it, removes its data and the primary's replication slot
# Runs as root on Debian with the postgresql package (what CI and the developers' machines are); idempotent:
# start always begins from a new base backup, so a replica left by an earlier run cannot be stale.
set -euo pipefail
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
SLOT=grassroots_ci_replica
primary() { psql -X -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atc "$1"; }
version=$(primary "SELECT current_setting('server_version_num')::int / 10000")
bin=/usr/lib/postgresql/$version/bin
dir=/var/lib/postgresql/$version/grassroots-replica
as_postgres() { runuser -u postgres -- "$@"; }

stop() {
  if [ -f "$dir/postmaster.pid" ]; then as_postgres "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true; fi
  rm -rf "$dir"
  # the primary's sender may take a moment to notice the standby has gone
  for _ in $(seq 1 20); do
    [ -z "$(primary "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT'")" ] && return 0
    primary "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT' AND NOT active" >/dev/null
    sleep 0.5
  done
  echo "the replication slot $SLOT is still in use" >&2
  return 1
}

start() {
  stop
  # the primary must send WAL to a standby: wal_level replica (the default) and a replication entry in pg_hba.conf
  if [ "$(primary 'SHOW wal_level')" = minimal ]; then
    echo "the primary runs with wal_level=minimal: set it to replica and restart it" >&2
    exit 1
  fi
  hba=$(primary 'SHOW hba_file')
  if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+127\.0\.0\.1/32' "$hba"; then
    echo 'host replication postgres 127.0.0.1/32 trust' >>"$hba"
    primary 'SELECT pg_reload_conf()' >/dev/null
    sleep 1
  fi
  # a slot keeps the WAL the standby has not received yet (stop drops it, so no WAL is kept for a replica
  # gone). Made here, reserving WAL at once: pg_basebackup -C would make it only after the backup's start,
  # and a busy primary can recycle the WAL in between
  primary "SELECT pg_create_physical_replication_slot('$SLOT', true)" >/dev/null
  install -d -o postgres -g postgres -m 700 "$dir"
  as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$dir" -R -X stream -S "$SLOT"
  # Debian keeps the primary's configuration in /etc: the standby gets its own, in its data folder. A hot
  # standby needs these limits at least as high as the primary's.
  {
    echo "port = $REPLICA_PORT"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '/var/run/postgresql'"
    echo 'hot_standby = on'
    echo 'hot_standby_feedback = on'
    echo 'shared_buffers = 64MB'
    for s in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      echo "$s = $(primary "SHOW $s")"
    done
  } >"$dir/postgresql.conf"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$dir/pg_hba.conf"
  : >"$dir/pg_ident.conf"
  chown postgres:postgres "$dir/postgresql.conf" "$dir/pg_hba.conf" "$dir/pg_ident.conf"
  as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/replica.log" -w start >/dev/null
  for _ in $(seq 1 30); do
    if [ "$(psql -X -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; then
      echo "postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres"
      return 0
    fi
    sleep 1
  done
  echo "the replica did not come up; its log:" >&2
  tail -n 20 "$dir/replica.log" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
