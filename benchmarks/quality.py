"""Extraction quality on the shared corpora, scored by the shared scorer.

Usage (from the repo root):
    python benchmarks/quality.py                 # seeds and every corpus with a -gold file
    python benchmarks/quality.py --errors ../shared/corpus/train.jsonl
    python benchmarks/quality.py --only ../shared/corpus/train.jsonl --out pred.jsonl
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from naive import NaiveExtractor  # noqa: E402

from stancemap.extract import Extractor  # noqa: E402
from stancemap.extract.corpus import read_articles  # noqa: E402
from stancemap.models import Statement  # noqa: E402
from stancemap.scenario import load_scenario  # noqa: E402

SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"


def gold_of(corpus: Path) -> Path:
    return corpus.with_name(corpus.stem + "-gold.jsonl")


def corpora() -> list[Path]:
    base = SHARED / "corpus"
    found = [base / "seeds.jsonl"]
    for path in sorted(base.glob("*.jsonl")):
        if path.name.endswith("-gold.jsonl") or path in found:
            continue
        if gold_of(path).exists():
            found.append(path)
    return found


def predict(ex: Any, corpus: Path) -> list[Statement]:
    out: list[Statement] = []
    for _art, found in ex.extract_many(read_articles(corpus)):
        out.extend(found)
    return out


def write_pred(statements: list[Statement], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for st in statements:
            fh.write(json.dumps(st.to_json(), ensure_ascii=False) + "\n")


def score(corpus: Path, pred: Path, *options: str) -> str:
    """The shared scorer's report (stdout, then stderr); options go to it as given."""
    proc = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--gold",
            str(gold_of(corpus)),
            "--pred",
            str(pred),
            "--docs",
            str(corpus),
            *options,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout + proc.stderr


def errors(ex: Any, corpus: Path) -> None:
    """Per article: gold keys the extractor missed and keys it invented, with sentences."""
    gold: dict[str, dict[tuple[str, str, str], list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in gold_of(corpus).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["doc"]][(row["actor"], row["action"], row["issue"])].append(row["sentence"])
    for art, found in ex.extract_many(read_articles(corpus)):
        pred: dict[tuple[str, str, str], list[Statement]] = defaultdict(list)
        for st in found:
            pred[(st.actor, st.action, st.issue)].append(st)
        g = gold.get(art.id, {})
        missed = [k for k in g if k not in pred]
        false = [k for k in pred if k not in g]
        if not missed and not false:
            continue
        print(f"=== {art.id}  ({len(g)} gold, {len(pred)} predicted)")
        for k in missed:
            print(f"  MISSED {' '.join(k)}\n         {g[k][0][:220]}")
        for k in false:
            st = pred[k][0]
            print(
                f"  FALSE  {' '.join(k)}  "
                f"[{st.extra.get('cue')}/{st.extra.get('how')}/{st.speaker}]\n"
                f"         {st.sentence[:220]}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=Path, help="corpus JSONL: print missed and false statements")
    ap.add_argument("--only", type=Path, action="append", help="score only these corpus files")
    ap.add_argument("--out", type=Path, help="also write the predictions of the last corpus here")
    ap.add_argument("--scenario", type=Path, default=None)
    ap.add_argument("--naive", action="store_true", help="score the naive keyword baseline")
    ap.add_argument("--rules-only", action="store_true", help="leave the learned model out")
    a = ap.parse_args()
    scenario = load_scenario(a.scenario or ROOT / "scenarios" / "ukraine-2025.yaml")
    ex: Any = (
        NaiveExtractor(scenario) if a.naive else Extractor(scenario, use_model=not a.rules_only)
    )
    if a.errors:
        errors(ex, a.errors)
        return
    for corpus in a.only or corpora():
        statements = predict(ex, corpus)
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "pred.jsonl"
            write_pred(statements, pred)
            print(f"##### {corpus}")
            print(score(corpus, pred))
            if a.out:
                write_pred(statements, a.out)


if __name__ == "__main__":
    main()
