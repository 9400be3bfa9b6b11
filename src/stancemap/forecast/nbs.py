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

The objective is concave but kinked at every actor position, where its derivative jumps.
The search is a bounded bisection on the right-hand derivative over the feasible
interval: it keeps the half where the objective still rises, so it converges to a kink
as surely as to a smooth interior maximum; a result within 1e-9 of an actor's position
is then snapped onto that kink.
"""

from __future__ import annotations

import numpy as np

_STEPS = 60
_SNAP = 1e-9


def _right_slope(x: np.ndarray, pos: np.ndarray, reach: np.ndarray, w: np.ndarray) -> np.ndarray:
    """d/dx of sum_i w_i log(reach_i - |x - pos_i|) from the right; x: (...,)."""
    xx = x[..., None]
    g = reach - np.abs(xx - pos)
    away = np.where(xx >= pos, -1.0, 1.0)  # moving right takes x away from pos_i or nearer
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(w > 0, w * away / g, 0.0)
        # draws without a feasible deal still run (and are masked later); their sums
        # may mix infinities, hence the errstate
        return terms.sum(axis=-1)


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

    a = lo_s.copy()
    b = hi_s.copy()
    for _ in range(_STEPS):
        mid = (a + b) / 2
        rising = _right_slope(mid, pos, reach, w) > 0
        a = np.where(rising, mid, a)
        b = np.where(rising, b, mid)
    out = (a + b) / 2
    # land exactly on a kink the bisection has converged to
    gap = np.abs(pos - out[..., None])
    near = np.where(w > 0, gap, np.inf)
    k = np.argmin(near, axis=-1)[..., None]
    snap = np.take_along_axis(near, k, axis=-1)[..., 0] < _SNAP * (high - low)
    out = np.where(snap, np.take_along_axis(pos, k, axis=-1)[..., 0], out)
    return np.where(feasible, out, np.nan)
