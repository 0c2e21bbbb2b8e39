#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks. Source this file, then:
#   pg_start        -> exports PGHOST, PGPORT, PGUSER, PGDATABASE (a fresh database "dcr_test")
#   pg_stop         -> stops the cluster and removes its data directory
# Installs the Debian server package when no server binaries are present.

pg_bin() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1
}

pg_start() {
  PG_BIN=$(pg_bin)
  PGPORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  PG_DATA=$(mktemp -d -t dcr-pg.XXXXXX)   # short path: unix socket paths are limited to 107 bytes
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then              # initdb and postgres refuse to run as root
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres: "$PG_DATA"
    PG_AS=(runuser -u postgres --)
  fi
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PGPORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DATA/server.log"; return 1; }
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres dcr_test
  export PGHOST=127.0.0.1 PGPORT PGUSER=postgres PGDATABASE=dcr_test PG_DATA PG_BIN
}

pg_stop() {
  if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "${PG_DATA:-}" ] && rm -rf "$PG_DATA"
  return 0
}
