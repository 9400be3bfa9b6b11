"""Crash consistency: SIGKILL `stancemap ingest` and `stancemap extract` at random moments,
run them again, and compare the store with one built without interruption.

    python benchmarks/crash.py --n 100

Prints runs, runs where the kill landed while the process was still running, lost rows and
duplicated rows (both must be 0), and whether `stancemap check` passed every time.
Extraction is the real engine when stancemap.extract imports, else the test double.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests import harness  # noqa: E402
from tests.harness import Difference  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="interrupted runs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="a corpus JSONL ingested with examples/")
    parser.add_argument("--fake-delay", type=float, default=0.02,
                        help="seconds per article in the test double, so kills land mid-run")
    args = parser.parse_args()
    sources = [str(ROOT / "examples")]
    if args.corpus.exists():
        sources.append(str(args.corpus))
    else:
        print(f"note: {args.corpus} not found; using examples/ only")
    env = harness.cli_env(fake_delay=args.fake_delay)
    engine = "real stancemap.extract" if "STANCEMAP_EXTRACTOR_FACTORY" not in env else \
        "test double (stancemap.extract not importable)"
    rng = random.Random(args.seed)
    total = Difference()
    killed_ingest = killed_extract = check_failures = error_runs = 0
    partial_ingest = partial_extract = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stancemap-crash-") as tmp:
        reference_db = Path(tmp) / "reference.db"
        ingest_time, extract_time = harness.build_reference(reference_db, sources, env)
        reference = harness.snapshot(reference_db)
        n_articles = sum(reference.articles.values())
        n_statements = sum(reference.statements.values())
        print(f"sources: {', '.join(sources)}; extractor: {engine}")
        print(f"reference: {n_articles} articles, {n_statements} statements; uninterrupted "
              f"ingest {ingest_time.end:.1f} s (first write at {ingest_time.first_write:.1f} "
              f"s), extract {extract_time.end:.1f} s (first at "
              f"{extract_time.first_write:.1f} s)")
        for number in range(1, args.n + 1):
            trial = harness.crash_trial(Path(tmp) / "crash.db", sources, reference, env,
                                        ingest_time, extract_time, rng)
            total += trial.difference
            killed_ingest += trial.killed_ingest
            killed_extract += trial.killed_extract
            partial_ingest += 0 < trial.at_ingest_kill[0] < n_articles
            partial_extract += 0 < trial.at_extract_kill[1] < n_articles
            check_failures += not trial.check_ok
            error_runs += bool(trial.errors)
            bad = trial.difference.lost or trial.difference.duplicated or not trial.check_ok \
                or trial.errors
            if bad or number % 10 == 0:
                print(f"  run {number:3}: killed ingest={trial.killed_ingest} "
                      f"(had {trial.at_ingest_kill[0]} articles) extract="
                      f"{trial.killed_extract} (had {trial.at_extract_kill[1]} extracted); "
                      f"lost {trial.difference.lost}, duplicated "
                      f"{trial.difference.duplicated}, check "
                      f"{'ok' if trial.check_ok else 'FAILED'}", flush=True)
            for line in trial.errors + trial.check_problems[:5]:
                print(f"      {line}")
    print(f"\nruns: {args.n}")
    print(f"kills landing while running: ingest {killed_ingest}, extract {killed_extract}")
    print(f"kills landing mid-way (some but not all rows written): ingest {partial_ingest}, "
          f"extract {partial_extract}")
    print(f"lost rows: {total.lost}")
    print(f"duplicated rows: {total.duplicated}")
    print(f"check failures: {check_failures}; reruns with errors: {error_runs}")
    print(f"elapsed: {time.perf_counter() - started:.0f} s")
    return 1 if total.lost or total.duplicated or check_failures or error_runs else 0


if __name__ == "__main__":
    sys.exit(main())
