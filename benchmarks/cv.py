"""Train-only cross-validation: rules + a model fitted on the other folds, by article.

Usage (from the repo root):
    python benchmarks/cv.py            # 5 folds on the shared train corpus, scored
    python benchmarks/cv.py --out pred.jsonl
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import SCORER, SHARED, gold_of, write_pred  # noqa: E402

from stancemap.extract.article_model import ACTIONS, ArticleModel  # noqa: E402
from stancemap.extract.classifier import StanceModel  # noqa: E402
from stancemap.extract.corpus import read_articles, read_jsonl  # noqa: E402
from stancemap.extract.pipeline import Extractor  # noqa: E402
from stancemap.extract.train import _gold_spans, label, pair_dataset  # noqa: E402
from stancemap.models import Statement  # noqa: E402
from stancemap.scenario import load_scenario  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "train.jsonl")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--veto", type=float, help="override the extractor's veto level")
    ap.add_argument("--switch", type=float, help="override the extractor's switch level")
    ap.add_argument("--sentence-only", action="store_true",
                    help="leave the article model out (the sentence-level decision alone)")
    ap.add_argument("--article-threshold", type=float, default=0.2)
    ap.add_argument("--article-c", type=float, default=0.1)
    ap.add_argument("--keep", choices=["none", "syntax", "all"], help="override keep_rules")
    ap.add_argument("--rule-floor", type=float, help="override rule_floor")
    a = ap.parse_args()
    ex = Extractor(load_scenario(ROOT / "scenarios" / "ukraine-2025.yaml"), use_model=False)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for row in read_jsonl(gold_of(a.corpus)):
        by_doc[row["doc"]].append(row)
    if a.veto is not None:
        ex.veto = a.veto
    if a.switch is not None:
        ex.switch = a.switch
    arts = list(read_articles(a.corpus))
    per_art = []
    for art, cands in ex.candidates_many(arts):
        rows = by_doc.get(art.id, [])
        spans = _gold_spans(art.text, rows)
        doc_keys: dict[tuple[str, str], str] = {}
        for r in rows:
            doc_keys.setdefault((r["actor"], r["issue"]), r["action"])
        keys = {(r["actor"], r["action"], r["issue"]) for r in rows}
        per_art.append((art, cands, [label(c, spans, doc_keys) for c in cands],
                        pair_dataset(cands, keys)))
    if a.keep:
        ex.keep_rules = a.keep
    if a.rule_floor is not None:
        ex.rule_floor = a.rule_floor
    preds: list[Statement] = []
    for k in range(a.folds):
        feats = [
            c.features for i, (_a, cs, _y, _p) in enumerate(per_art) if i % a.folds != k
            for c in cs
        ]
        ys = [y for i, (_a, _c, ls, _p) in enumerate(per_art) if i % a.folds != k for y in ls]
        ex.model = StanceModel.fit(feats, ys, epochs=12, lr=0.05, threshold=a.threshold)
        if not a.sentence_only:
            pf = [f for i, p in enumerate(per_art) if i % a.folds != k for f in p[3][0]]
            pl = [y for i, p in enumerate(per_art) if i % a.folds != k for y in p[3][1]]
            ex.article_model = ArticleModel.fit(
                pf, np.array(pl).reshape(-1, len(ACTIONS)), c=a.article_c,
                threshold=a.article_threshold,
            )
        for i, (art, cands, _y, _p) in enumerate(per_art):
            if i % a.folds == k:
                preds.extend(ex._decide(art, cands))
    with tempfile.TemporaryDirectory() as tmp:
        pred = a.out or Path(tmp) / "pred.jsonl"
        write_pred(preds, pred)
        proc = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(gold_of(a.corpus)), "--pred", str(pred),
             "--docs", str(a.corpus)],
            capture_output=True, text=True, check=False,
        )
        print(proc.stdout + proc.stderr)


if __name__ == "__main__":
    main()
