"""Gradient-boosted trees over the pooled (party, issue) features of an article.

A second opinion beside the article model's logistic regression: trees see combinations
of features ("a demand cue, in scope, in a quote") that a linear model can only add up.
Averaged with the regression, they raised train cross-validation from 0.483 to 0.488
(strict F1, mean of four shuffled 5-fold splits, every split up; the trees alone scored
as the regression alone, 0.484 on two splits).

Training uses scikit-learn's HistGradientBoostingClassifier (seeded, so two runs give
the same trees); the fitted trees are then copied into plain arrays, so the saved file
is an .npz like the other models and inference is numpy only, with no pickle to load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

# Features seen in fewer training pairs than this are left out: a tree would split on
# a handful of articles.
MIN_COUNT = 8


class PairTrees:
    """Per action, an ensemble of regression trees whose leaf sum is a log-odds."""

    def __init__(
        self,
        vocabulary: Sequence[str],
        feature: np.ndarray,
        threshold: np.ndarray,
        left: np.ndarray,
        right: np.ndarray,
        is_leaf: np.ndarray,
        value: np.ndarray,
        roots: np.ndarray,
        baseline: np.ndarray,
    ) -> None:
        self.vocabulary = list(vocabulary)
        self.index = {name: n for n, name in enumerate(self.vocabulary)}
        # One flat node table for all trees of all actions; left/right index into it.
        self.feature = feature.astype(np.int64)
        self.threshold = threshold.astype(np.float64)
        self.left = left.astype(np.int64)
        self.right = right.astype(np.int64)
        self.is_leaf = is_leaf.astype(bool)
        self.value = value.astype(np.float64)
        self.roots = roots.astype(np.int64)  # (actions, trees)
        self.baseline = baseline.astype(np.float64)  # (actions,)

    def matrix(self, feats: Sequence[Mapping[str, float]]) -> np.ndarray:
        return _dense(feats, self.index)

    def proba(self, feats: Sequence[Mapping[str, float]]) -> np.ndarray:
        """(pairs, actions) probabilities."""
        n_actions = self.roots.shape[0]
        if not feats:
            return np.zeros((0, n_actions))
        x = self.matrix(feats)
        rows = np.arange(len(feats))[:, None]
        out = np.empty((len(feats), n_actions))
        for k in range(n_actions):
            node = np.broadcast_to(self.roots[k], (len(feats), self.roots.shape[1])).copy()
            while True:
                inner = ~self.is_leaf[node]
                if not inner.any():
                    break
                go_left = x[rows, self.feature[node]] <= self.threshold[node]
                step = np.where(go_left, self.left[node], self.right[node])
                node = np.where(inner, step, node)
            out[:, k] = self.baseline[k] + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-out))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            vocabulary=np.array(self.vocabulary, dtype=str),
            feature=self.feature.astype(np.int32),
            threshold=self.threshold,
            left=self.left.astype(np.int32),
            right=self.right.astype(np.int32),
            is_leaf=self.is_leaf,
            value=self.value,
            roots=self.roots.astype(np.int32),
            baseline=self.baseline,
        )

    @classmethod
    def load(cls, path: Path) -> PairTrees:
        data = np.load(path, allow_pickle=False)
        return cls(
            [str(v) for v in data["vocabulary"]],
            data["feature"], data["threshold"], data["left"], data["right"],
            data["is_leaf"], data["value"], data["roots"], data["baseline"],
        )

    @classmethod
    def fit(
        cls,
        feats: Sequence[Mapping[str, float]],
        labels: np.ndarray,
        *,
        iterations: int = 150,
        learning_rate: float = 0.05,
        leaves: int = 15,
        l2: float = 1.0,
    ) -> PairTrees:
        """One boosted ensemble per label column (settings from the session-2 trial)."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        counts = Counter(name for f in feats for name in f)
        vocabulary = sorted(name for name, n in counts.items() if n >= MIN_COUNT)
        x = _dense(feats, {name: n for n, name in enumerate(vocabulary)})
        nodes: list[np.ndarray] = []
        roots: list[list[int]] = []
        baseline: list[float] = []
        offset = 0
        for k in range(labels.shape[1]):
            y = labels[:, k]
            if y.min() == y.max():
                # An action never (or always) seen: one leaf with a fixed log-odds.
                leaf = np.zeros(1, dtype=_NODE)
                leaf["is_leaf"] = True
                nodes.append(leaf)
                roots.append([offset])
                baseline.append(10.0 if y.max() else -10.0)
                offset += 1
                continue
            model = HistGradientBoostingClassifier(
                max_iter=iterations, learning_rate=learning_rate, max_leaf_nodes=leaves,
                l2_regularization=l2, early_stopping=False, random_state=0,
            ).fit(x, y)
            tree_roots = []
            # The fitted trees are in a private attribute: the scikit-learn version is
            # pinned, and tests check these arrays against predict_proba.
            for (predictor,) in model._predictors:
                table = predictor.nodes
                copy = np.zeros(len(table), dtype=_NODE)
                copy["feature"] = table["feature_idx"]
                copy["threshold"] = table["num_threshold"]
                copy["left"] = table["left"] + offset
                copy["right"] = table["right"] + offset
                copy["is_leaf"] = table["is_leaf"]
                copy["value"] = table["value"]
                nodes.append(copy)
                tree_roots.append(offset)
                offset += len(table)
            roots.append(tree_roots)
            baseline.append(float(np.ravel(model._baseline_prediction)[0]))
        width = max(len(r) for r in roots)
        # Actions with fewer trees repeat a zero-valued leaf so that roots is rectangular.
        pad = np.zeros(1, dtype=_NODE)
        pad["is_leaf"] = True
        nodes.append(pad)
        padded = [r + [offset] * (width - len(r)) for r in roots]
        table = np.concatenate(nodes)
        return cls(
            vocabulary, table["feature"], table["threshold"], table["left"], table["right"],
            table["is_leaf"], table["value"], np.array(padded), np.array(baseline),
        )


def _dense(feats: Sequence[Mapping[str, float]], index: Mapping[str, int]) -> np.ndarray:
    x = np.zeros((len(feats), len(index)), dtype=np.float64)
    for row, f in enumerate(feats):
        for name, v in f.items():
            col = index.get(name)
            if col is not None:
                x[row, col] = v
    return x


_NODE = np.dtype([("feature", np.int64), ("threshold", np.float64), ("left", np.int64),
                  ("right", np.int64), ("is_leaf", bool), ("value", np.float64)])
