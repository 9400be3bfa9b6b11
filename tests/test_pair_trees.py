"""The article model's trees: numpy inference equals scikit-learn's, and saving keeps them."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from stancemap.extract.pair_trees import PairTrees


def _pairs(n: int = 300) -> tuple[list[dict[str, float]], np.ndarray]:
    rng = random.Random(3)
    feats, labels = [], []
    for _ in range(n):
        f = {f"w={w}": 1.0 for w in rng.sample("abcdefghij", 4)}
        f["n"] = rng.random() * 3
        feats.append(f)
        both = "w=a" in f and "w=b" in f
        labels.append([int(both or f["n"] > 2.5), int("w=c" in f), 0])
    return feats, np.array(labels)


def test_trees_give_scikit_learns_probabilities() -> None:
    feats, labels = _pairs()
    trees = PairTrees.fit(feats, labels, iterations=30)
    x = trees.matrix(feats)
    for k in (0, 1):
        reference = HistGradientBoostingClassifier(
            max_iter=30, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0,
            early_stopping=False, random_state=0,
        ).fit(x, labels[:, k])
        assert np.allclose(trees.proba(feats)[:, k], reference.predict_proba(x)[:, 1])
    # A label never seen is a near-zero probability, not an error.
    assert trees.proba(feats)[:, 2].max() < 1e-3


def test_trees_learn_a_combination_and_survive_saving(tmp_path: Path) -> None:
    feats, labels = _pairs()
    trees = PairTrees.fit(feats, labels, iterations=60)
    both = {"w=a": 1.0, "w=b": 1.0, "n": 0.5}
    one = {"w=a": 1.0, "w=d": 1.0, "n": 0.5}
    p = trees.proba([both, one])
    assert p[0, 0] > 0.5 > p[1, 0]
    trees.save(tmp_path / "t.npz")
    again = PairTrees.load(tmp_path / "t.npz")
    assert np.array_equal(again.proba([both, one]), p)
    assert np.array_equal(PairTrees.fit(feats, labels, iterations=60).proba([both, one]), p)
