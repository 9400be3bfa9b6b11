#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite and print its URL.
#
#   eval "$(scripts/start-postgres.sh)"    # exports STANCEMAP_TEST_PG_URL and PGTEST_DIR
#   scripts/stop-postgres.sh               # stops it and removes the cluster
#
# The cluster lives in a fresh temp dir and listens only on 127.0.0.1 on a free port, so
# it never collides with a server already on the machine. Postgres refuses to run as root,
# so as root (CI) the cluster is owned by, and run as, the unprivileged `postgres` user.
# Only the export lines go to stdout; everything else goes to stderr so `eval` is safe.
set -euo pipefail

log() { echo "start-postgres: $*" >&2; }

find_bindir() {
    local candidate
    for candidate in "${PG_BINDIR:-}" /usr/lib/postgresql/*/bin; do
        if [[ -n "$candidate" && -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
            echo "$candidate"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

if ! BINDIR=$(find_bindir); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "no PostgreSQL binaries found; installing the Debian 'postgresql' package"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends postgresql >&2
        BINDIR=$(find_bindir) || { log "postgresql installed but initdb not found"; exit 1; }
    else
        log "no PostgreSQL binaries (initdb, pg_ctl) and cannot install them"
        exit 1
    fi
fi

RUN_AS=""
if [[ $(id -u) -eq 0 ]]; then
    RUN_AS=${PGTEST_USER:-postgres}
    if ! id "$RUN_AS" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_AS" >&2
    fi
fi

as_owner() {
    if [[ -n "$RUN_AS" ]]; then
        runuser -u "$RUN_AS" -- "$@"
    else
        "$@"
    fi
}

DIR=$(mktemp -d "${TMPDIR:-/tmp}/stancemap-pg.XXXXXX")
chmod 755 "$DIR"
[[ -n "$RUN_AS" ]] && chown "$RUN_AS" "$DIR"

# A free port chosen by the kernel; the tiny race until postgres binds it is retried below.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_owner "$BINDIR/initdb" -D "$DIR/data" -U stancemap --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }

started=""
for _attempt in 1 2 3; do
    PORT=$(free_port)
    # fsync off: a test cluster is thrown away, and fsync dominates the run time on CI disks.
    if as_owner "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start \
        -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" >&2; then
        started=1
        break
    fi
done
[[ -n "$started" ]] || { log "server did not start"; cat "$DIR/server.log" >&2; exit 1; }

as_owner "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U stancemap stancemap_test >&2

URL="postgresql+psycopg://stancemap@127.0.0.1:$PORT/stancemap_test"
echo "$BINDIR" >"$DIR/bindir"
[[ -n "$RUN_AS" ]] && echo "$RUN_AS" >"$DIR/owner"
log "PostgreSQL running on 127.0.0.1:$PORT (cluster in $DIR)"
echo "export STANCEMAP_TEST_PG_URL='$URL'"
echo "export PGTEST_DIR='$DIR'"
