"""The article-level decision: which (party, action, issue) an article states.

A reader records a stance once per article, and the scorer compares keys per article, so
the decision that matters is whether the article as a whole says "Russia demands X", not
whether each sentence does. All candidates of one (party, issue) are pooled into one
feature vector (the union of their features, plus how often and where the pair comes up)
and one logistic regression per action gives the probability that the article holds
that key. Measured on train by 5-fold cross-validation this pooled decision equals the
per-sentence one (strict F1 0.446 vs 0.447) and carries over to unseen articles better
(dev 0.393 vs 0.359); see `benchmarks/cv.py`.

Beside the regression, gradient-boosted trees over the same pooled features
(`pair_trees.py`) give a second probability, and the two are averaged.

Inference is numpy only; training (`fit`) uses scikit-learn's L-BFGS and seeded trees,
both deterministic, so two runs of `stancemap train` give the same weights.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from stancemap.extract.classifier import MODEL_DIR, feature_index, load_weights, save_weights
from stancemap.extract.pair_trees import PairTrees

if TYPE_CHECKING:
    from stancemap.extract.pipeline import Candidate

ACTIONS = ("demand", "offer", "reject", "accept", "propose")
Pair = tuple[str, str]  # (party, issue)


def default_article_model_path() -> Path:
    return MODEL_DIR / "article.npz"


def trees_path(path: Path) -> Path:
    """Where the trees of the article model saved at path live: beside it."""
    return path.with_name(f"{path.stem}_trees.npz")


def pair_features(cands: Sequence[Candidate]) -> dict[Pair, dict[str, float]]:
    """One feature dict per (party, issue) of an article, pooled over its candidates."""
    by_pair: dict[Pair, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_pair[(c.ref.party, c.issue)].append(c)
    party_rank = {p: n for n, (p, _k) in enumerate(
        Counter(c.ref.party for c in cands).most_common())}
    issue_rank = {i: n for n, (i, _k) in enumerate(Counter(c.issue for c in cands).most_common())}
    out: dict[Pair, dict[str, float]] = {}
    for pair, group in by_pair.items():
        f: dict[str, float] = {}
        for c in group:
            for name in c.features:
                f[name] = 1.0
            if c.rule_action:
                key = f"R={c.rule_action}"
                f[key] = f.get(key, 0.0) + 1.0
                f[f"R={c.rule_action}|{c.how}|{c.in_scope}"] = 1.0
                if c.unrealised:
                    f[f"unreal={c.rule_action}"] = 1.0
        f["n"] = math.log1p(len(group))
        f[f"nb={min(len(group), 4)}"] = 1.0
        f["head"] = float(any(c.block.is_heading for c in group))
        f["first"] = float(min(c.block.start + c.sent.start_char for c in group) < 400)
        f[f"prank={party_rank[pair[0]]}"] = 1.0
        f[f"irank={min(issue_rank[pair[1]], 4)}"] = 1.0
        f["bias"] = 1.0
        out[pair] = f
    return out


class ArticleModel:
    """One logistic regression per action over hashed, pooled pair features."""

    def __init__(
        self,
        weights: np.ndarray,
        bias: np.ndarray,
        threshold: float = 0.2,
        trees: PairTrees | None = None,
    ) -> None:
        self.w = weights.astype(np.float32)  # (dim, actions)
        self.b = bias.astype(np.float32)  # (actions,)
        self.dim = int(self.w.shape[0])
        self.threshold = threshold
        self.trees = trees

    def _matrix(
        self, feats: Sequence[dict[str, float]]
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        cols, vals = [], []
        for f in feats:
            acc: dict[int, float] = defaultdict(float)
            for name, v in f.items():
                acc[feature_index(name, self.dim)] += v
            keys = sorted(acc)
            cols.append(np.array(keys, dtype=np.int64))
            vals.append(np.array([acc[k] for k in keys], dtype=np.float32))
        return cols, vals

    def proba(self, feats: Sequence[dict[str, float]]) -> np.ndarray:
        """(pairs, actions) probabilities."""
        if not feats:
            return np.zeros((0, len(ACTIONS)), dtype=np.float32)
        cols, vals = self._matrix(feats)
        z = np.stack([v @ self.w[c] + self.b for c, v in zip(cols, vals, strict=True)])
        linear = 1.0 / (1.0 + np.exp(-z))
        if self.trees is None:
            return linear
        return (linear + self.trees.proba(feats).astype(np.float32)) / 2

    def probabilities(self, cands: Sequence[Candidate]) -> dict[tuple[Pair, str], float]:
        """The probability of every (pair, action) the candidates could make."""
        pooled = pair_features(cands)
        pairs = list(pooled)
        probs = self.proba([pooled[p] for p in pairs])
        return {
            (pair, action): float(p)
            for pair, row in zip(pairs, probs, strict=True)
            for action, p in zip(ACTIONS, row, strict=True)
        }

    def decide(self, cands: Sequence[Candidate]) -> list[tuple[Pair, str, float]]:
        """The (pair, action, probability) the article is judged to state."""
        return [
            (pair, action, p)
            for (pair, action), p in self.probabilities(cands).items()
            if p >= self.threshold
        ]

    def save(self, path: Path) -> None:
        save_weights(path, self.w, self.b, self.threshold)
        if self.trees is not None:
            self.trees.save(trees_path(path))
        else:
            # A regression alone must not be loaded with trees fitted for another one.
            trees_path(path).unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path) -> ArticleModel:
        trees = PairTrees.load(trees_path(path)) if trees_path(path).exists() else None
        return cls(*load_weights(path), trees=trees)

    @classmethod
    def fit(
        cls,
        feats: Sequence[dict[str, float]],
        labels: np.ndarray,
        dim: int = 1 << 18,
        c: float = 0.1,
        threshold: float = 0.2,
        trees: bool = True,
    ) -> ArticleModel:
        """L2 logistic regression per action (C and threshold chosen by CV on train),
        and unless told not to, the boosted trees averaged with it."""
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression

        model = cls(np.zeros((dim, len(ACTIONS))), np.zeros(len(ACTIONS)), threshold)
        cols, vals = model._matrix(feats)
        indptr = np.cumsum([0] + [len(x) for x in cols])
        x = sparse.csr_matrix(
            (np.concatenate(vals) if vals else np.zeros(0),
             np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64), indptr),
            shape=(len(feats), dim),
        )
        w = np.zeros((dim, len(ACTIONS)))
        b = np.zeros(len(ACTIONS))
        for k in range(len(ACTIONS)):
            y = labels[:, k]
            if y.min() == y.max():
                # An action never (or always) seen: a constant model, no fit possible.
                b[k] = 10.0 if y.max() else -10.0
                continue
            lr = LogisticRegression(C=c, max_iter=3000)
            lr.fit(x, y)
            w[:, k] = lr.coef_[0]
            b[k] = lr.intercept_[0]
        return cls(w, b, threshold, PairTrees.fit(feats, labels) if trees else None)
