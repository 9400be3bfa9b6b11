"""The asymmetric Nash bargaining solution with the status quo as disagreement point.

Source: Nash, J. F. (1950), "The bargaining problem", Econometrica 18(2); the asymmetric
form with bargaining weights from Kalai, E. (1977), "Nonsymmetric Nash solutions and
replications of 2-person bargaining", Int. J. Game Theory 6(3); applied to EU
legislative bargaining by Schneider, Finke & Baltz (2007, in Thomson et al.) and
Achen (2006).

Actor i's utility is u_i(x) = -|x - x_i|; disagreement leaves the status quo q, so its
gain from a deal x is g_i(x) = |q - x_i| - |x - x_i|, and bargaining weight is
salience x capability. The solution maximises sum_i w_i log g_i(x) over the deals every
actor strictly prefers to q. That set is an interval, possibly empty (actors on both
sides of q, or one of them already at q): then there is no agreement (NaN). Without a
known status quo each actor's disagreement value is its worst point on the scale.

The objective is concave but kinked at every actor position, so the search evaluates a
grid together with the kinks, then refines the bracket around the best candidate by
golden section and keeps whichever of that point and the kinks scores higher.
"""

from __future__ import annotations

import numpy as np

_GRID = 64
_GOLDEN_STEPS = 60
_INVPHI = (np.sqrt(5.0) - 1.0) / 2.0


def _objective(x: np.ndarray, pos: np.ndarray, reach: np.ndarray, w: np.ndarray) -> np.ndarray:
    """x: (..., k) candidates; pos/reach/w: (..., n). Returns (..., k)."""
    g = reach[..., None, :] - np.abs(x[..., :, None] - pos[..., None, :])
    active = w[..., None, :] > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(active, w[..., None, :] * np.log(np.where(g > 0, g, np.nan)), 0.0)
    val = terms.sum(axis=-1)
    return np.where(np.isnan(val), -np.inf, val)


def nash_bargaining(
    position: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    status_quo: float | np.ndarray | None,
    low: float = 0.0,
    high: float = 100.0,
) -> np.ndarray:
    """NBS over the last axis (leading axes are draws); NaN where there is no agreement."""
    pos = np.asarray(position, float)
    w = np.broadcast_to(np.asarray(salience, float) * np.asarray(capability, float), pos.shape)
    if status_quo is None:
        reach = np.maximum(np.abs(pos - low), np.abs(high - pos))
    else:
        q = np.asarray(status_quo, float)[..., None]
        reach = np.abs(q - pos)
    active = w > 0
    lo = np.max(np.where(active, pos - reach, -np.inf), axis=-1)
    hi = np.min(np.where(active, pos + reach, np.inf), axis=-1)
    lo = np.maximum(lo, low)
    hi = np.minimum(hi, high)
    feasible = (hi > lo) & active.any(axis=-1)
    lo_s = np.where(feasible, lo, low)
    hi_s = np.where(feasible, hi, high)

    t = np.linspace(0.0, 1.0, _GRID + 1)
    grid = lo_s[..., None] + (hi_s - lo_s)[..., None] * t
    cand = np.concatenate([grid, np.clip(pos, lo_s[..., None], hi_s[..., None])], axis=-1)
    cand = np.sort(cand, axis=-1)
    val = _objective(cand, pos, reach, w)
    k = np.argmax(val, axis=-1)
    last = cand.shape[-1] - 1
    a = np.take_along_axis(cand, np.maximum(k - 1, 0)[..., None], axis=-1)[..., 0]
    b = np.take_along_axis(cand, np.minimum(k + 1, last)[..., None], axis=-1)[..., 0]
    best_c = np.take_along_axis(cand, k[..., None], axis=-1)[..., 0]
    best_v = np.take_along_axis(val, k[..., None], axis=-1)[..., 0]

    # The objective is concave, so the maximum lies between the best candidate's
    # neighbours and golden section converges to it, kink or not.
    for _ in range(_GOLDEN_STEPS):
        c = b - _INVPHI * (b - a)
        d = a + _INVPHI * (b - a)
        fc = _objective(c[..., None], pos, reach, w)[..., 0]
        fd = _objective(d[..., None], pos, reach, w)[..., 0]
        left = fc > fd
        b = np.where(left, d, b)
        a = np.where(left, a, c)
    mid = (a + b) / 2
    fm = _objective(mid[..., None], pos, reach, w)[..., 0]
    out = np.where(fm > best_v, mid, best_c)
    return np.where(feasible & np.isfinite(np.maximum(fm, best_v)), out, np.nan)
