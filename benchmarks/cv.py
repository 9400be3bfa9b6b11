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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality import SCORER, SHARED, gold_of, write_pred  # noqa: E402

from stancemap.extract.pipeline import Extractor  # noqa: E402
from stancemap.extract.train import examples, fit_models  # noqa: E402
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
    if a.veto is not None:
        ex.veto = a.veto
    if a.switch is not None:
        ex.switch = a.switch
    if a.keep:
        ex.keep_rules = a.keep
    if a.rule_floor is not None:
        ex.rule_floor = a.rule_floor
    data = examples(ex, a.corpus, gold_of(a.corpus))
    preds: list[Statement] = []
    for k in range(a.folds):
        sentence, article = fit_models(
            [e for i, e in enumerate(data) if i % a.folds != k], threshold=a.threshold,
            article_c=a.article_c, article_threshold=a.article_threshold,
        )
        ex.model = sentence
        ex.article_model = None if a.sentence_only else article
        for i, e in enumerate(data):
            if i % a.folds == k:
                preds.extend(ex._decide(e.article, e.cands))
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
