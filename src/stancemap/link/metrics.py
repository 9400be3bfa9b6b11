"""Agreement of a grouping with a gold grouping: pairwise and B-cubed precision, recall
and F1. Only articles present in both are scored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f}"


def _prf(p: float, r: float) -> PRF:
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _clusters(assign: Mapping[str, str], keep: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for doc, label in assign.items():
        if doc in keep:
            out[label].add(doc)
    return out


def pairwise(pred: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """Over pairs of articles put together: precision counts predicted pairs that gold
    also pairs; a grouping of singletons has precision 1 by convention."""
    keep = set(pred) & set(gold)
    pred_pairs = sum(len(c) * (len(c) - 1) // 2 for c in _clusters(pred, keep).values())
    gold_pairs = sum(len(c) * (len(c) - 1) // 2 for c in _clusters(gold, keep).values())
    both = 0
    for members in _clusters(pred, keep).values():
        by_gold: dict[str, int] = defaultdict(int)
        for m in members:
            by_gold[gold[m]] += 1
        both += sum(n * (n - 1) // 2 for n in by_gold.values())
    p = both / pred_pairs if pred_pairs else 1.0
    r = both / gold_pairs if gold_pairs else 1.0
    return _prf(p, r)


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> PRF:
    """B-cubed: per article, the share of its predicted group that gold agrees with
    (precision) and of its gold group that was found (recall), averaged."""
    keep = set(pred) & set(gold)
    if not keep:
        return PRF(0.0, 0.0, 0.0)
    pc, gc = _clusters(pred, keep), _clusters(gold, keep)
    p = r = 0.0
    for doc in keep:
        mine, truth = pc[pred[doc]], gc[gold[doc]]
        inter = len(mine & truth)
        p += inter / len(mine)
        r += inter / len(truth)
    return _prf(p / len(keep), r / len(keep))
