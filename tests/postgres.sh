#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (and the benchmarks).
#   source tests/postgres.sh && postgres_start   -> exports NARVARO_TEST_POSTGRES (an Npgsql connection string)
#   postgres_stop                                -> stops the server and removes its folder
# Installs Debian's postgresql when no server binaries are found. The cluster lives in a temporary folder, is owned by
# an unprivileged user (when run as root: the postgres system user, created by the package), listens on 127.0.0.1 only
# on a free port, and takes password (scram) sign-in only. It is for tests: fsync is off.
# NARVARO_PG_DURABLE=1 postgres_start leaves fsync, synchronous_commit and full_page_writes at PostgreSQL's defaults
# (on) for benchmark figures that should hold on a real server; the rest of the set-up is the same.

postgres_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

postgres_install() {
  postgres_bin >/dev/null && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing PostgreSQL (Debian package postgresql) for the database tests"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  # The package may create and start a system cluster; the tests do not use it.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do
      $sudo pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
    done
  fi
  postgres_bin >/dev/null
}

postgres_free_port() {
  local port tries=0
  while [ $tries -lt 200 ]; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    tries=$((tries + 1))
  done
  return 1
}

# Runs a command as the cluster's owner.
postgres_as_owner() {
  # From /: the owner may not be allowed into the caller's folder (a temporary clone is root's alone).
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u "$NARVARO_PG_OWNER" -- "$@"); else "$@"; fi
}

postgres_start() {
  postgres_install || { echo "PostgreSQL could not be installed." >&2; return 1; }
  local bin; bin="$(postgres_bin)"
  NARVARO_PG_OWNER="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    NARVARO_PG_OWNER=postgres
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  NARVARO_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/narvaro-pg.XXXXXX")"
  chmod 700 "$NARVARO_PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown "$NARVARO_PG_OWNER" "$NARVARO_PG_DIR"
  local password; password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  printf '%s\n' "$password" >"$NARVARO_PG_DIR/pw"
  [ "$(id -u)" -eq 0 ] && chown "$NARVARO_PG_OWNER" "$NARVARO_PG_DIR/pw"
  postgres_as_owner "$bin/initdb" -D "$NARVARO_PG_DIR/data" -U narvaro --pwfile="$NARVARO_PG_DIR/pw" \
    --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$NARVARO_PG_DIR/initdb.log" 2>&1 \
    || { cat "$NARVARO_PG_DIR/initdb.log" >&2; return 1; }
  rm -f "$NARVARO_PG_DIR/pw"
  NARVARO_PG_PORT="$(postgres_free_port)" || { echo "No free port for PostgreSQL." >&2; return 1; }
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" kind="fsync off, tests only"
  if [ "${NARVARO_PG_DURABLE:-0}" = "1" ]; then durability=""; kind="durable: fsync on"; fi
  postgres_as_owner "$bin/pg_ctl" -D "$NARVARO_PG_DIR/data" -l "$NARVARO_PG_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $NARVARO_PG_PORT -k $NARVARO_PG_DIR -c max_connections=400 $durability -c shared_buffers=256MB" \
    >/dev/null || { cat "$NARVARO_PG_DIR/server.log" >&2; return 1; }
  NARVARO_PG_BIN="$bin"
  export NARVARO_PG_DIR NARVARO_PG_PORT NARVARO_PG_OWNER NARVARO_PG_BIN
  export NARVARO_TEST_POSTGRES="Host=127.0.0.1;Port=$NARVARO_PG_PORT;Username=narvaro;Password=$password;Database=postgres"
  export PGHOST=127.0.0.1 PGPORT="$NARVARO_PG_PORT" PGUSER=narvaro PGPASSWORD="$password" PGDATABASE=postgres
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$NARVARO_PG_PORT (cluster in $NARVARO_PG_DIR, $kind)"
}

postgres_stop() {
  [ -n "${NARVARO_PG_DIR:-}" ] && [ -d "$NARVARO_PG_DIR" ] || return 0
  postgres_as_owner "$NARVARO_PG_BIN/pg_ctl" -D "$NARVARO_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$NARVARO_PG_DIR"
  unset NARVARO_PG_DIR NARVARO_TEST_POSTGRES
}
