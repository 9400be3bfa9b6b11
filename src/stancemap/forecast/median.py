"""The weighted median and the pairwise (Condorcet) winner among actors' positions.

Source: Black, D. (1948), "On the rationale of group decision-making", J. Political
Economy 56(1): with single-peaked preferences on one dimension the (weighted) median
beats every other position in pairwise majority votes. Votes here are weighted by
salience x capability, as in Bueno de Mesquita's "median voter" forecasts
(Bueno de Mesquita 1994, in *European Community Decision Making*, Yale UP).
"""

from __future__ import annotations

import numpy as np

_EPS = 1e-12


def weighted_median(
    position: np.ndarray, salience: np.ndarray, capability: np.ndarray
) -> np.ndarray:
    """Position where half the weight lies on either side; leading axes broadcast.

    When the weight splits exactly in two (0 and 100 with equal weights) every point in
    between is a median; the midpoint is returned so neither side is favoured.
    """
    x = np.asarray(position, float)
    w = np.broadcast_to(np.asarray(salience, float) * np.asarray(capability, float), x.shape)
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    ws = np.take_along_axis(w, order, axis=-1)
    total = ws.sum(axis=-1, keepdims=True)
    ws = np.where(total > 0, ws, 1.0)
    total = ws.sum(axis=-1, keepdims=True)
    cum = np.cumsum(ws, axis=-1)
    half = total / 2
    k = np.argmax(cum >= half - _EPS * total, axis=-1)[..., None]
    at = np.take_along_axis(xs, k, axis=-1)
    exact = np.abs(np.take_along_axis(cum, k, axis=-1) - half) <= _EPS * total
    nxt = np.take_along_axis(xs, np.minimum(k + 1, x.shape[-1] - 1), axis=-1)
    return np.where(exact, (at + nxt) / 2, at)[..., 0]


def condorcet_winner(
    position: np.ndarray, salience: np.ndarray, capability: np.ndarray
) -> float | None:
    """The actor position that no other actor position beats in a weighted pairwise vote.

    Each actor votes for the nearer of two positions with weight salience x capability;
    ties split nobody's vote. Returns None when every position loses to some other one.
    """
    x = np.asarray(position, float)
    w = np.asarray(salience, float) * np.asarray(capability, float)
    cand = np.unique(x)
    # d[k, a] = distance of voter k to candidate a
    d = np.abs(x[:, None] - cand[None, :])
    prefers = d[:, :, None] < d[:, None, :]  # voter k prefers a over b
    support = np.einsum("k,kab->ab", w, prefers.astype(float))
    beaten = (support + _EPS < support.T).any(axis=1)  # some b beats a
    winners = cand[~beaten]
    if winners.size == 0:
        return None
    if winners.size == 1:
        return float(winners[0])
    # Several weak winners tie with each other; report the one nearest the median.
    med = float(weighted_median(x, w, np.ones_like(w)))
    return float(winners[np.argmin(np.abs(winners - med))])
