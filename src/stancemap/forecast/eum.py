"""Bueno de Mesquita's expected utility model, as reconstructed by Scholz, Calbert & Smith.

Sources: Bueno de Mesquita, B. (1985), "The war trap revisited", APSR 79(1); Bueno de
Mesquita (1994), "Political forecasting: an expected utility method", in *European
Community Decision Making*, Yale UP; Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011),
"Unravelling Bueno De Mesquita's group decision model", J. Theoretical Politics 23(4),
510-531.

Per issue, positions are rescaled to 0..1, saliences are 0..1. Each round:

* mu, the forecast, is the weighted median position (the position that beats every other
  in pairwise votes weighted by capability x salience, see median.py).
* P_ij, i's chance of winning a challenge against j, is the support for i over j,
  sum_k max(v_k, 0) / sum_k |v_k| with v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|).
* With risk exponent r_i and d = |x_i - x_j|, dm = |x_i - mu|:
  U_s = 2 - 4 (0.5 - 0.5 d)^r, U_f = 2 - 4 (0.5 + 0.5 d)^r,
  U_b = 2 - 4 (0.5 - 0.25 (dm + d))^r, U_w = 2 - 4 (0.5 + 0.25 (dm + d))^r,
  U_sq = 2 - 4 (0.5)^r.
* EU_ij = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s
          - [Q U_sq + (1 - Q) (T U_b + (1 - T) U_w)].
  The whole no-challenge term in brackets is subtracted, every part with the same sign
  (a public Python replication is known to slip a sign in this term; its code was not
  consulted). T = 1 when j is at least as close to i as mu (a drift of the outcome
  toward j would help i), else 0; Q = 0.5 by default. Q, T and the risk direction
  below are our reading of the published description, not checked against its figures.
* Risk: with all r = 1, actor i's vulnerability is the sum over j of EU_ji (what the
  others expect from challenging i); R_i = (2 V_i - V_max - V_min) / (V_max - V_min) and
  r_i = (1 - R_i / 3) / (1 + R_i / 3), in [0.5, 2]. The EUs are then recomputed with r.
* Offers from i to j, by the signs of EU_ij and EU_ji (both known to both, i.e. the
  perfect-information reading): conflict (both positive, EU_ij larger) and capitulation
  (EU_ij > 0 > EU_ji, |EU_ji| >= EU_ij) ask j to move to x_i; compromise (EU_ij > 0 >
  EU_ji, |EU_ji| < EU_ij) asks j to move the fraction |EU_ji| / EU_ij of the way. Each
  actor accepts the offer that moves it least, and all move at once.

Rounds repeat until nobody moves or max_rounds is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .median import weighted_median

KINDS = ("none", "conflict", "compromise", "capitulation")


@dataclass(slots=True)
class EumMove:
    round: int
    actor: int
    start: float
    end: float
    proposer: int
    kind: str


@dataclass(slots=True)
class EumResult:
    forecast: np.ndarray  # (...,) median of the final positions, scale units
    mean: np.ndarray  # (...,) compromise of the final positions
    positions: np.ndarray  # (..., n) final positions, scale units
    rounds: int
    round_forecasts: list[np.ndarray] = field(default_factory=list)  # round 0 = initial
    round_means: list[np.ndarray] = field(default_factory=list)
    moves: list[EumMove] = field(default_factory=list)  # only for a single case
    risk: list[np.ndarray] = field(default_factory=list)  # r per round, single case


def _probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """P[b, i, j]: share of the vote intensity that backs i over j."""
    b, n = x.shape
    dk = np.abs(x[:, :, None] - x[:, None, :])  # (B, k, a): distance of voter k to a
    v = dk[:, :, None, :] - dk[:, :, :, None]  # (B, k, i, j): k's preference for i over j
    np.maximum(v, 0.0, out=v)
    # weighted sum over voters as a batched matrix product; a voter's support for j over
    # i is its support for i over j transposed, so the total needs no second pass
    pos = (w[:, None, :] @ v.reshape(b, n, n * n)).reshape(b, n, n)
    tot = pos + np.swapaxes(pos, 1, 2)
    return np.where(tot > 0, pos / np.where(tot > 0, tot, 1.0), 0.5)


@dataclass(slots=True)
class _Geometry:
    """What both EU passes of a round share: the bases of the utilities, with T (1 where
    j is at least as close to i as the forecast mu) already applied. Arrays (B, i, j)."""

    b_s: np.ndarray  # 0.5 - 0.5 d
    b_f: np.ndarray  # 0.5 + 0.5 d
    b_tw: np.ndarray  # the base of U_b where T, else of U_w


def _geometry(x: np.ndarray, mu: np.ndarray) -> _Geometry:
    d = np.abs(x[:, :, None] - x[:, None, :])
    dm = np.abs(x - mu[:, None])[:, :, None]
    quarter = 0.25 * (dm + d)
    # T is 0 or 1, so T U_b + (1 - T) U_w is whichever of the two T picks; picking the
    # base first leaves one power to take instead of two (the same numbers either way)
    b_tw = np.where(dm >= d, np.clip(0.5 - quarter, 0, None), 0.5 + quarter)
    return _Geometry(0.5 - 0.5 * d, 0.5 + 0.5 * d, b_tw)


def _eu(
    g: _Geometry, s: np.ndarray, p: np.ndarray, r: np.ndarray | None, q: float
) -> np.ndarray:
    """EU[b, i, j] of i challenging j; zero on the diagonal."""
    if r is None:
        # risk-neutral pass used to measure risk: skip the costly powers
        us, uf, utw = (2 - 4 * base for base in (g.b_s, g.b_f, g.b_tw))
        usq: np.ndarray | float = 0.0
    else:
        rr = r[:, :, None]
        us, uf, utw = (2 - 4 * base**rr for base in (g.b_s, g.b_f, g.b_tw))
        usq = 2 - 4 * 0.5**rr
    sj = s[:, None, :]
    challenge = sj * (p * us + (1 - p) * uf) + (1 - sj) * us
    # the whole no-challenge term is subtracted: Q U_sq + (1 - Q) (T U_b + (1 - T) U_w)
    eu = challenge - (q * usq + (1 - q) * utw)
    n = eu.shape[1]
    eu[:, np.arange(n), np.arange(n)] = 0.0
    return eu


def _expected_utility(
    x: np.ndarray, s: np.ndarray, mu: np.ndarray, p: np.ndarray, r: np.ndarray | None,
    q: float,
) -> np.ndarray:
    """EU[b, i, j] of i challenging j at positions x with forecast mu."""
    return _eu(_geometry(x, mu), s, p, r, q)


def _risk(eu1: np.ndarray) -> np.ndarray:
    n = eu1.shape[1]
    off = ~np.eye(n, dtype=bool)
    vuln = np.where(off[None], eu1, 0.0).sum(axis=1)  # sum over challengers j of EU_ji
    vmax = vuln.max(axis=1, keepdims=True)
    vmin = vuln.min(axis=1, keepdims=True)
    span = vmax - vmin
    big_r = np.where(span > 0, (2 * vuln - vmax - vmin) / np.where(span > 0, span, 1.0), 0.0)
    return (1 - big_r / 3) / (1 + big_r / 3)


def _offers(x: np.ndarray, eu: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New positions, the proposer accepted (-1: none) and the offer kind per actor."""
    eu_ij = eu  # proposer i (axis 1), recipient j (axis 2)
    eu_ji = np.swapaxes(eu, 1, 2)
    xi = x[:, :, None]
    xj = x[:, None, :]
    conflict = (eu_ij > 0) & (eu_ji > 0) & (eu_ij > eu_ji)
    lose = (eu_ij > 0) & (eu_ji < 0)
    compromise = lose & (eu_ij > -eu_ji)
    capitulation = lose & ~compromise
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(compromise, -eu_ji / eu_ij, 1.0)
    target = np.where(compromise, xj + (xi - xj) * frac, xi)
    kind = np.where(conflict, 1, np.where(compromise, 2, np.where(capitulation, 3, 0)))
    valid = kind > 0
    move = np.where(valid, np.abs(target - xj), np.inf)
    best = np.argmin(move, axis=1)  # proposer whose offer moves recipient j least
    rows = np.arange(x.shape[0])[:, None]
    cols = np.arange(x.shape[1])[None, :]
    has = np.isfinite(move[rows, best, cols])
    new_x = np.where(has, target[rows, best, cols], x)
    proposer = np.where(has, best, -1)
    kinds = np.where(has, kind[rows, best, cols], 0)
    return new_x, proposer, kinds


def _round(
    xn: np.ndarray, s: np.ndarray, c: np.ndarray, w: np.ndarray, q: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One round on a batch of rows: new positions, proposer, offer kind and risk."""
    mu = weighted_median(xn, s, c)
    p = _probabilities(xn, w)
    g = _geometry(xn, mu)  # shared by the risk-neutral pass and the real one
    r = _risk(_eu(g, s, p, None, q))
    new_x, proposer, kinds = _offers(xn, _eu(g, s, p, r, q))
    return new_x, proposer, kinds, r


def expected_utility_model(
    position: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    low: float | np.ndarray = 0.0,
    high: float | np.ndarray = 100.0,
    max_rounds: int = 10,
    q: float = 0.5,
    tol: float = 1e-9,
    chunk: int = 256,
) -> EumResult:
    """Run the model on one issue: arrays (n,) or a batch (draws, n); saliences 0..1.

    A batch row may be any issue with n actors: low and high may be arrays (draws,), one
    scale per row, so the Monte Carlo runs all issues of one size in one batch. Rows are
    independent and a row stops at its own first round without a move, so every row of
    a batch ends exactly where the same case run alone ends. `chunk` rows are processed
    at a time to bound memory (the vote array is rows x n^3).
    """
    x0 = np.asarray(position, float)
    single = x0.ndim == 1
    xb = x0[None] if single else x0
    lo = np.asarray(low, float)
    hi = np.asarray(high, float)
    span = np.where(hi > lo, hi - lo, 1.0)
    lo_r = lo[..., None] if lo.ndim else lo  # broadcast a per-row scale over actors
    span_r = span[..., None] if span.ndim else span
    sb = np.broadcast_to(np.asarray(salience, float), xb.shape)
    cb = np.broadcast_to(np.asarray(capability, float), xb.shape)
    xn_all = np.clip((xb - lo_r) / span_r, 0.0, 1.0)
    if single:
        return _single(xn_all, sb, cb, float(lo), float(span), max_rounds, q, tol)
    out = np.empty_like(xn_all)
    rounds_done = 0
    for start in range(0, xb.shape[0], chunk):
        sl = slice(start, start + chunk)
        xn, s, c = xn_all[sl].copy(), sb[sl], cb[sl]
        w = s * c
        live = np.arange(xn.shape[0])  # rows still moving
        for rnd in range(1, max_rounds + 1):
            if live.size == xn.shape[0]:
                x_live = xn
                new_x, _, _, _ = _round(xn, s, c, w, q)
            else:
                x_live = xn[live]
                new_x, _, _, _ = _round(x_live, s[live], c[live], w[live], q)
            moved = (np.abs(new_x - x_live) > tol).any(axis=1)
            xn[live] = new_x
            if moved.any():
                rounds_done = max(rounds_done, rnd)
            live = live[moved]
            if live.size == 0:
                break
        out[sl] = xn
    fc = lo + span * weighted_median(out, sb, cb)
    mean = lo + span * _wmean(out, sb * cb)
    return EumResult(fc, mean, lo_r + span_r * out, rounds_done)


def _single(
    xn: np.ndarray, s: np.ndarray, c: np.ndarray, low: float, span: float,
    max_rounds: int, q: float, tol: float,
) -> EumResult:
    """One case, with what the batch leaves out: the forecast after every round, the
    moves (who moved, from where to where, whose offer) and the risk exponents."""
    xn = xn.copy()
    w = s * c
    round_fc = [low + span * weighted_median(xn, s, c)[0]]
    round_mean = [low + span * _wmean(xn, w)[0]]
    moves: list[EumMove] = []
    risks: list[np.ndarray] = []
    rounds_done = 0
    for rnd in range(1, max_rounds + 1):
        new_x, proposer, kinds, r = _round(xn, s, c, w, q)
        moved = np.abs(new_x - xn) > tol
        risks.append(r[0].copy())
        for a in np.nonzero(moved[0])[0]:
            moves.append(EumMove(rnd, int(a), float(low + span * xn[0, a]),
                                 float(low + span * new_x[0, a]),
                                 int(proposer[0, a]), KINDS[int(kinds[0, a])]))
        xn = new_x
        if not moved.any():
            break
        rounds_done = rnd
        round_fc.append(low + span * weighted_median(xn, s, c)[0])
        round_mean.append(low + span * _wmean(xn, w)[0])
    fc = low + span * weighted_median(xn, s, c)
    mean = low + span * _wmean(xn, w)
    return EumResult(fc[0], mean[0], (low + span * xn)[0], rounds_done, round_fc, round_mean,
                     moves, risks)


def _wmean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    tot = w.sum(axis=-1)
    return np.where(tot > 0, (w * x).sum(axis=-1) / np.where(tot > 0, tot, 1.0), x.mean(-1))
