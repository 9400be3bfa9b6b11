"""Map page render time with many statements in the store.

    PYTHONPATH=src python benchmarks/map_render.py [--statements 10000] [--runs 5]

Fills a temporary SQLite store with synthetic articles and statements, then times the map
page (and the issue page) through the real app, as a browser would request them."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

from stancemap.models import Article, Statement
from stancemap.scenario import load_scenario
from stancemap.store import Store
from stancemap.store.reviews import add_review

PER_ARTICLE = 5


def fill_store(store: Store, statements: int, seed: int = 7) -> None:
    """`statements` statements, PER_ARTICLE an article, spread over a year of coverage."""
    scenario = load_scenario()
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    for number in range((statements + PER_ARTICLE - 1) // PER_ARTICLE):
        sentences = [f"Sentence {k} of article {number}: officials restated a position on "
                     f"the talks." for k in range(PER_ARTICLE)]
        text = " ".join(sentences)
        day = start + timedelta(days=rng.randrange(365))
        article = Article(id=f"bench-{number:06d}", text=text, title=f"Article {number}",
                          outlet=rng.choice(["Reuters", "AP", "BBC", "Kyiv Independent"]),
                          published=day, language="en")
        store.add_article(article)
        rows = []
        offset = 0
        for k, sentence in enumerate(sentences):
            if number * PER_ARTICLE + k >= statements:
                break
            rows.append(Statement(
                doc=article.id, actor=rng.choice(scenario.party_ids),
                action=rng.choice(scenario.action_ids), issue=rng.choice(scenario.issue_ids),
                sentence=sentence, hedged=rng.random() < 0.2, start=offset,
                end=offset + len(sentence), date=day if rng.random() < 0.7 else None))
            offset += len(sentence) + 1
        store.replace_statements(article.id, rows, "benchmark")


def main() -> int:
    # TestClient's own deprecation notice says nothing about the timings.
    warnings.filterwarnings("ignore", message=".*httpx.*")
    from fastapi.testclient import TestClient

    from stancemap.serve import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        began = time.perf_counter()
        fill_store(store, args.statements)
        print(f"filled {len(store.statements())} statements in "
              f"{store.count_articles()} articles in {time.perf_counter() - began:.1f}s")
        client = TestClient(create_app(store, load_scenario()), base_url="http://127.0.0.1")

        def timed(url: str) -> tuple[float, int]:
            began = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - began
            assert response.status_code == 200, response.text[:500]
            return elapsed, len(response.content)

        cold, size = timed("/")
        print(f"{'map, first request':28s} {cold * 1000:7.1f} ms  ({size / 1024:.0f} KiB; "
              "reads every statement)")
        for label, url in (("map", "/"), ("map as of 2025-06-30", "/?as_of=2025-06-30"),
                           ("issue page (50 a page)", "/issue/ceasefire"),
                           ("map JSON", "/api/map")):
            runs = [timed(url) for _ in range(args.runs)]
            times = [t for t, _ in runs]
            print(f"{label:28s} {statistics.median(times) * 1000:7.1f} ms  median of "
                  f"{args.runs} (min {min(times) * 1000:.1f}; {runs[0][1] / 1024:.0f} KiB)")
        first = store.statements(article_id="bench-000000")[0]
        add_review(store, first, "reject", "benchmark")
        after, _ = timed("/")
        print(f"{'map after a review':28s} {after * 1000:7.1f} ms  (reviews re-applied, "
              "statements not re-read)")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
