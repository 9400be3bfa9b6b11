"""How long `stancemap check` takes on a store of 10k articles with their statements.

    python benchmarks/check.py [--articles 10000] [--statements-per-article 5]

Builds the store in a temporary folder (bulk inserts, not ingest, so only check is timed),
then times the library call check_store() and the `stancemap check` command.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from sqlalchemy import insert  # noqa: E402

from stancemap.models import content_hash  # noqa: E402
from stancemap.store import Store  # noqa: E402
from stancemap.store.check import check_store  # noqa: E402
from stancemap.store.schema import ArticleRow, StatementRow  # noqa: E402
from tests import harness  # noqa: E402
from tests.reliability_corpus import record  # noqa: E402


def build(store: Store, n_articles: int, per_article: int, rng: random.Random) -> int:
    now = datetime.now(UTC).replace(tzinfo=None)
    statements = 0
    with store.writing() as session:
        articles, rows = [], []
        for number in range(n_articles):
            rec = record(number, seed=7)
            # About 3 kB an article, like a wire story.
            text = str(rec["text"]) + " " + " ".join(
                str(record(number * 31 + k, seed=8)["text"]) for k in range(5))
            article_id = f"a{number:06d}"
            articles.append({"id": article_id, "hash": content_hash(text), "url": rec["url"],
                             "outlet": rec["outlet"], "title": rec["title"],
                             "published": date(2025, 1 + number % 12, 1 + number % 28),
                             "language": "en", "source": "bench", "text": text,
                             "ingested_at": now, "extracted_at": now, "extractor": "bench"})
            sentences = [s + "." for s in text.split(".") if s.strip()]
            offset = 0
            spans = []
            for sentence in sentences:
                start = text.index(sentence.strip(), offset)
                end = start + len(sentence.strip())
                spans.append((start, end))
                offset = end
            for start, end in rng.sample(spans, min(per_article, len(spans))):
                rows.append({"article_id": article_id, "actor": rng.choice(["RUS", "UKR"]),
                             "action": "demand", "issue": "ceasefire", "speaker": None,
                             "target": None, "content": "", "attribution": None,
                             "hedged": False, "date": None, "sentence": text[start:end],
                             "start": start, "end": end, "confidence": 0.5, "extra": {}})
            if len(articles) >= 1000:
                session.execute(insert(ArticleRow), articles)
                session.execute(insert(StatementRow), rows)
                statements += len(rows)
                articles, rows = [], []
        if articles:
            session.execute(insert(ArticleRow), articles)
            session.execute(insert(StatementRow), rows)
            statements += len(rows)
    return statements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--statements-per-article", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stancemap-check-") as tmp:
        db = Path(tmp) / "big.db"
        store = Store(f"sqlite:///{db}")
        t0 = time.perf_counter()
        statements = build(store, args.articles, args.statements_per_article,
                           random.Random(0))
        print(f"built {args.articles} articles, {statements} statements "
              f"({db.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s")
        report = check_store(store)
        print(f"check_store(): {report.seconds:.2f} s, ok={report.ok}")
        for result in report.results:
            print(f"  {result.name:22} {result.seconds:6.2f} s  "
                  f"{'ok' if result.ok else 'FAIL'}")
        store.close()
        t0 = time.perf_counter()
        done = subprocess.run(harness.cli_command("check", "--db", str(db)),
                              env=harness.cli_env(), capture_output=True, text=True,
                              check=False)
        print(f"`stancemap check` command: {time.perf_counter() - t0:.2f} s wall "
              f"(start-up included), exit {done.returncode}")
        return 0 if report.ok and done.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
