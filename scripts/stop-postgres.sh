#!/usr/bin/env bash
# Stop the server started by scripts/start-postgres.sh and remove its cluster.
set -euo pipefail
DIR=${1:-${PGTEST_DIR:-}}
[[ -n "$DIR" && -d "$DIR/data" ]] || { echo "stop-postgres: no cluster (set PGTEST_DIR)" >&2; exit 0; }
BINDIR=$(cat "$DIR/bindir")
if [[ -f "$DIR/owner" ]]; then
    runuser -u "$(cat "$DIR/owner")" -- "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
else
    "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
fi
rm -rf "$DIR"
