"""Ingest throughput and peak memory: N perturbed corpus records from one JSONL file into
SQLite and PostgreSQL, through the same code path as `stancemap ingest` (read_jsonl ->
language detection -> one transaction per article with content-hash dedupe).

Each measurement runs in a fresh child process so its peak RSS (ru_maxrss) is its own;
flat memory shows as the same peak at 10k and 100k records.

    python benchmarks/bench_ingest.py --sizes 10000,100000 [--pg-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def child(path: str, url: str) -> None:
    from stancemap.ingest import ingest
    from stancemap.store import Store

    store = Store(url)
    started = time.perf_counter()
    counts: dict[str, int] = {}
    for event in ingest([path], store):
        counts[event.status] = counts.get(event.status, 0) + 1
    elapsed = time.perf_counter() - started
    stored = store.count_articles()
    store.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU seconds too: on a shared machine wall time also measures everybody else's load.
    print(json.dumps({"seconds": elapsed, "events": counts, "stored": stored,
                      "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                      "peak_rss_mb": usage.ru_maxrss / 1024}))


def fresh_pg_db(server_url: str, name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--pg-url", default=os.environ.get("STANCEMAP_TEST_PG_URL"))
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, metavar=("JSONL", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from corpus import write_jsonl

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            path = write_jsonl(Path(tmp) / f"corpus-{size}.jsonl", size)
            mb = path.stat().st_size / 1e6
            for backend in args.backends.split(","):
                if backend == "sqlite":
                    url = f"sqlite:///{tmp}/ingest-{size}.db"
                elif args.pg_url:
                    url = fresh_pg_db(args.pg_url, f"bench_ingest_{size}")
                else:
                    print("postgresql: skipped (no --pg-url / STANCEMAP_TEST_PG_URL)")
                    continue
                run = subprocess.run([sys.executable, __file__, "--child", str(path), url],
                                     capture_output=True, text=True, check=True)
                row = json.loads(run.stdout.strip().splitlines()[-1])
                row.update(backend=backend, records=size, file_mb=round(mb, 1),
                           records_per_s=round(size / row["seconds"], 1))
                results.append(row)
                print(f"{backend:10} {size:>7} records ({mb:.0f} MB): "
                      f"{row['records_per_s']:>7.1f} records/s, {row['seconds']:.1f} s, "
                      f"peak RSS {row['peak_rss_mb']:.0f} MB, stored {row['stored']}, "
                      f"events {row['events']}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
