"""Grouping quality and cost of the provenance index.

Quality: pairwise and B-cubed precision/recall/F1 on the seeds (gold: 001 and 002 re-tell
one report, 000 another) and on every `<name>-groups.jsonl` in the corpus folder, run on
`<name>.jsonl`.

Cost: time and memory of adding articles as the index grows, on a synthetic corpus made by
perturbing the real texts (sentences shuffled and dropped, outlet names swapped, dates
spread over a year), so that most articles are neither copies nor re-tellings.

    python benchmarks/groups.py [--corpus ../shared/corpus] [--sizes 1000,10000]
                                [--orders 10]

The default stops at 10k articles (about a minute); `--sizes 1000,10000,100000` takes
about ten minutes on two busy cores.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from stancemap.extract.corpus import read_articles
from stancemap.link import COPY, OutletCatalog, ProvenanceIndex, bcubed, pairwise
from stancemap.models import Article
from stancemap.scenario import load_scenario

SEED_GOLD = {
    "000_2022ffe775de338b": "reuters-report",
    "001_842b956c79fa2039": "wapo-report",
    "002_a9989947a09fe354": "wapo-report",
}


def read_gold(path: Path) -> dict[str, str]:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return {r["doc"]: str(r["group"]) for r in rows}


def group_articles(articles: list[Article], catalog: OutletCatalog) -> ProvenanceIndex:
    index = ProvenanceIndex(catalog)
    for art in articles:
        index.add(art)
    return index


def quality(corpus: Path, catalog: OutletCatalog, orders: int = 0) -> None:
    sets: list[tuple[str, Path, dict[str, str]]] = []
    if (corpus / "seeds.jsonl").exists():
        sets.append(("seeds", corpus / "seeds.jsonl", SEED_GOLD))
    for gold_path in sorted(corpus.glob("*-groups.jsonl")):
        name = gold_path.name[: -len("-groups.jsonl")]
        if (corpus / f"{name}.jsonl").exists():
            sets.append((name, corpus / f"{name}.jsonl", read_gold(gold_path)))
    print("== quality")
    for name, path, gold in sets:
        articles = read_articles(path)
        t0 = time.perf_counter()
        index = group_articles(articles, catalog)
        took = time.perf_counter() - t0
        pred = index.group_map()
        n_gold = len(set(gold.values()))
        print(
            f"{name:8s} n={len(articles):4d} groups pred={len(index.groups()):3d} "
            f"gold={n_gold:3d}  pairwise {pairwise(pred, gold)}  B3 {bcubed(pred, gold)}"
            f"  ({took:.2f}s)"
        )
        if orders and len(articles) > 1:
            # The same articles in other orders: how far the grouping moves, against gold
            # and against the grouping of the file's own order.
            rng = random.Random(11)
            f1s, agree = [], []
            for _ in range(orders):
                shuffled = list(articles)
                rng.shuffle(shuffled)
                other = group_articles(shuffled, catalog).group_map()
                f1s.append(bcubed(other, gold).f1)
                agree.append(bcubed(other, pred).f1)
            print(
                f"{'':8s} {orders} shuffled orders: B3 F1 vs gold min {min(f1s):.3f} "
                f"mean {sum(f1s) / orders:.3f} max {max(f1s):.3f}; "
                f"B3 F1 vs file order mean {sum(agree) / orders:.3f}"
            )


_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


def perturb(rng: random.Random, art: Article, names: list[str], i: int) -> Article:
    """A new article from a real one: sentences shuffled and some dropped, every outlet
    name replaced by another, a date somewhere in one year. Two in three also lose one
    word in six, which breaks most word 5-shingles, so they are not copies and take the
    re-telling path (candidate lists and scoring) rather than the LSH copy path."""
    sents = _SENT.split(art.text)
    rng.shuffle(sents)
    keep = [s for s in sents if rng.random() > 0.3] or sents[:1]
    text = " ".join(keep)
    for name in names:
        if name in text:
            text = text.replace(name, rng.choice(names))
    if rng.random() < 2 / 3:
        text = " ".join(w for w in text.split(" ") if rng.random() > 1 / 6)
    pub = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
    return Article(
        id=f"syn{i:07d}",
        text=text,
        title=art.title,
        outlet=f"site{i % 5000}.example",
        published=pub,
    )


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cost(corpus: Path, catalog: OutletCatalog, sizes: list[int]) -> None:
    base: list[Article] = []
    for path in sorted(corpus.glob("*.jsonl")):
        if not path.name.endswith(("-gold.jsonl", "-groups.jsonl")):
            base += read_articles(path)
    names = [o.name for o in catalog.outlets]
    rng = random.Random(7)
    print(
        f"== cost (synthetic articles from {len(base)} real texts; one index grown to "
        f"{max(sizes)}; each row: the adds since the previous row)"
    )
    print(
        f"{'articles':>9s} {'extract ms/art':>15s} {'add ms/art':>11s} {'groups':>7s} "
        f"{'copies':>7s} {'peak RSS MiB':>13s} {'KiB/art':>8s}   per add: "
        f"{'LSH cands':>9s} {'list reads':>10s} {'scored':>6s}"
    )
    index = ProvenanceIndex(catalog)
    start_rss = rss_mib()
    done = 0
    seen: dict[str, int] = {}
    from stancemap.link.features import extract

    for size in sorted(sizes):
        t_ex = t_add = 0.0
        for i in range(done, size):
            art = perturb(rng, base[rng.randrange(len(base))], names, i)
            t0 = time.perf_counter()
            feats = extract(art, catalog, index.config.features)
            t1 = time.perf_counter()
            index.add_features(feats)
            t_add += time.perf_counter() - t1
            t_ex += t1 - t0
        n = size - done
        done = size
        copies = index.count_kind(COPY)
        groups = index.group_count()
        rss = rss_mib()
        work = {k: (index.stats[k] - seen.get(k, 0)) / n for k in index.stats}
        seen = dict(index.stats)
        print(
            f"{size:9d} {1000 * t_ex / n:15.2f} {1000 * t_add / n:11.2f} {groups:7d} "
            f"{copies:7d} {rss:13.0f} {1024 * (rss - start_rss) / size:8.1f}   per add: "
            f"{work.get('lsh_candidates', 0):9.1f} {work.get('postings_read', 0):10.0f} "
            f"{work.get('pairs_scored', 0):6.1f}"
        )
        sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent
    ap.add_argument("--corpus", type=Path, default=here.parent.parent / "shared" / "corpus")
    ap.add_argument(
        "--sizes",
        default="1000,10000",
        help="comma-separated corpus sizes for the cost curve; empty: skip",
    )
    ap.add_argument(
        "--orders",
        type=int,
        default=10,
        help="also group each gold file in this many shuffled orders",
    )
    args = ap.parse_args()
    catalog = OutletCatalog.from_scenario(load_scenario())
    quality(args.corpus, catalog, args.orders)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        cost(args.corpus, catalog, sizes)


if __name__ == "__main__":
    main()
