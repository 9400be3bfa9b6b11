"""Extraction throughput and peak memory over a corpus, next to a plain nlp.pipe.

Usage (from the repo root): python benchmarks/throughput.py [CORPUS.jsonl] [--repeat N]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from stancemap.extract import Extractor  # noqa: E402
from stancemap.extract.corpus import read_articles  # noqa: E402
from stancemap.scenario import load_scenario  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "corpus", type=Path, nargs="?", default=ROOT.parent / "shared" / "corpus" / "train.jsonl"
    )
    ap.add_argument("--repeat", type=int, default=1, help="passes over the corpus")
    ap.add_argument("--batch-size", type=int, default=32)
    a = ap.parse_args()

    articles = read_articles(a.corpus) * a.repeat
    ex = Extractor(load_scenario(ROOT / "scenarios" / "ukraine-2025.yaml"))
    # Warm up: the first call pays for lazy loading inside spaCy and the language identifier.
    ex.extract(articles[0])

    t0 = time.perf_counter()
    for _doc in ex.nlp.pipe((art.text for art in articles), batch_size=a.batch_size):
        pass
    t_pipe = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_statements = 0
    for _art, found in ex.extract_many(articles, batch_size=a.batch_size):
        n_statements += len(found)
    t_ex = time.perf_counter() - t0

    # A second pass under tracemalloc, which slows Python code down, for memory only.
    tracemalloc.start()
    for _ in ex.extract_many(articles, batch_size=a.batch_size):
        pass
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    n = len(articles)
    print(f"corpus: {a.corpus} ({n} articles, {sum(len(x.text) for x in articles):,} chars)")
    print(f"extraction:     {t_ex:7.2f} s  {n / t_ex:7.1f} articles/s  ({n_statements} statements)")
    print(f"plain nlp.pipe: {t_pipe:7.2f} s  {n / t_pipe:7.1f} articles/s  (same texts)")
    print(f"ratio extraction / nlp.pipe time: {t_ex / t_pipe:.2f}")
    print(f"peak Python heap during extraction (tracemalloc): {peak / 1e6:.1f} MB")
    print(f"peak RSS of the process: {rss:.0f} MB")


if __name__ == "__main__":
    main()
