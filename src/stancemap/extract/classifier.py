"""A small learned decision over candidates: softmax regression on hashed features.

Numpy only, so the package needs no ML framework; weights are a few MB of float32.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

LABELS = ("none", "demand", "offer", "reject", "accept", "propose")


MODEL_DIR = Path(__file__).resolve().parent / "model"


def default_model_path() -> Path:
    return MODEL_DIR / "stance.npz"


def feature_index(feature: str, dim: int) -> int:
    """The weight row of a feature name (shared by the sentence and article models)."""
    # crc32 is stable across processes (unlike hash()), so a saved model stays valid.
    return zlib.crc32(feature.encode("utf-8")) % dim


def save_weights(path: Path, w: np.ndarray, b: np.ndarray, threshold: float) -> None:
    """Weights as float16 (half the size; the decisions did not change), bias, threshold."""
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, w=w.astype(np.float16), b=b, threshold=np.array(threshold))


def load_weights(path: Path) -> tuple[np.ndarray, np.ndarray, float]:
    data = np.load(path)
    return data["w"].astype(np.float32), data["b"], float(data["threshold"])


class StanceModel:
    def __init__(self, weights: np.ndarray, bias: np.ndarray, threshold: float = 0.5) -> None:
        self.w = weights.astype(np.float32)
        self.b = bias.astype(np.float32)
        self.dim = int(self.w.shape[0])
        self.threshold = threshold

    def _rows(self, feats: Iterable[set[str]]) -> list[np.ndarray]:
        return [
            np.fromiter((feature_index(f, self.dim) for f in sorted(fs)), dtype=np.int64)
            for fs in feats
        ]

    def proba(self, feats: Sequence[set[str]]) -> np.ndarray:
        rows = self._rows(feats)
        logits = (
            np.stack([self.w[r].sum(axis=0) + self.b for r in rows])
            if rows
            else np.zeros((0, len(LABELS)))
        )
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def decide(self, feats: Sequence[set[str]]) -> list[tuple[str | None, float]]:
        """The best action per candidate when its probability clears the threshold."""
        return self.choose(self.proba(feats)) if feats else []

    def choose(self, probs: np.ndarray) -> list[tuple[str | None, float]]:
        """decide() over probabilities already computed."""
        out: list[tuple[str | None, float]] = []
        for p in probs:
            k = int(np.argmax(p[1:])) + 1
            out.append((LABELS[k], float(p[k])) if p[k] >= self.threshold else (None, float(p[k])))
        return out

    def save(self, path: Path) -> None:
        save_weights(path, self.w, self.b, self.threshold)

    @classmethod
    def load(cls, path: Path) -> StanceModel:
        return cls(*load_weights(path))

    @classmethod
    def fit(
        cls,
        feats: Sequence[set[str]],
        labels: Sequence[int],
        dim: int = 1 << 16,
        epochs: int = 12,
        lr: float = 0.1,
        l2: float = 1e-5,
        seed: int = 13,
        threshold: float = 0.5,
    ) -> StanceModel:
        """Multinomial logistic regression by seeded SGD with Adagrad steps."""
        rng = np.random.default_rng(seed)
        k = len(LABELS)
        w = np.zeros((dim, k), dtype=np.float64)
        b = np.zeros(k, dtype=np.float64)
        gw = np.full((dim, k), 1e-8)
        gb = np.full(k, 1e-8)
        model = cls(w.astype(np.float32), b, threshold)
        rows = model._rows(feats)
        y = np.asarray(labels)
        for _ in range(epochs):
            for i in rng.permutation(len(rows)):
                r = rows[i]
                z = w[r].sum(axis=0) + b
                z -= z.max()
                p = np.exp(z)
                p /= p.sum()
                p[y[i]] -= 1.0
                grad = p[None, :] + l2 * w[r]
                gw[r] += grad**2
                w[r] -= lr * grad / np.sqrt(gw[r])
                gb += p**2
                b -= lr * p / np.sqrt(gb)
        return cls(w.astype(np.float32), b.astype(np.float32), threshold)
