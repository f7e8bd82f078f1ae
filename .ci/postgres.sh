# PostgreSQL for the demo's e2e (sourced by .ci/run and .ci/e2e.sh): Debian's packaged server,
# started as the postgres user on a scratch directory and a free loopback port, trust auth on
# 127.0.0.1 only, stopped by pg_stop_scratch (call it from an EXIT trap).
#   pg_install          apt-get install postgresql when no initdb is present (root or sudo)
#   pg_start_scratch    sets PG_SCRATCH, PG_PORT and DEMO_PG_URL (postgres://postgres@127.0.0.1:PORT/demo)
#   pg_stop_scratch     stops it and removes the directory

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

pg_install() {
  [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] && return 0
  echo "::: installing postgresql (apt-get)"
  local SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# Runs a PostgreSQL binary as the postgres user (initdb refuses root).
pg_as() {
  # From /: the postgres user may not be able to read the checkout it was started in.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_start_scratch() {
  local bin; bin=$(pg_bindir)
  [ -x "$bin/initdb" ] || { echo "postgresql is not installed (run pg_install)"; return 1; }
  PG_SCRATCH=$(mktemp -d /tmp/webauthn-demo-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_SCRATCH"
  PG_PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  pg_as "$bin/initdb" -D "$PG_SCRATCH/data" -U postgres --auth=trust -E UTF8 >/dev/null || return 1
  pg_as "$bin/pg_ctl" -D "$PG_SCRATCH/data" -l "$PG_SCRATCH/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SCRATCH -c max_connections=60" start >/dev/null || { cat "$PG_SCRATCH/server.log"; return 1; }
  pg_as "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres demo || return 1
  DEMO_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/demo"
  echo "::: postgresql $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (scratch $PG_SCRATCH)"
}

pg_stop_scratch() {
  [ -n "${PG_SCRATCH:-}" ] || return 0
  pg_as "$(pg_bindir)/pg_ctl" -D "$PG_SCRATCH/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PG_SCRATCH"
  PG_SCRATCH=""
}
