"""Stokman's exchange model, equal-gain variant.

Sources: Stokman, F. N. & Van Oosten, R. (1994), "The exchange of voting positions", in
Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP;
Dijkstra, J., Van Assen, M. A. L. M., Stokman, F. N. & Draaijer, J. (2018), on the
equal-gain solution of the exchange model (the model Decide implements).

Each issue's outcome is the compromise (salience x capability weighted mean, see
compromise.py), O_p = sum_k c_kp s_kp x_kp / D_p with D_p = sum_k c_kp s_kp. Two actors
i and j who sit on opposite sides of the outcome on two issues p and q can trade: i moves
its position on p toward j, j moves on q toward i. A move of d by i shifts O_p by
c_ip s_ip d / D_p. Each actor gains the salience-weighted shift it wins minus the one it
concedes, gain_i = s_iq dO_q - s_ip dO_p and gain_j = s_jp dO_p - s_jq dO_q; i concedes
p because it cares relatively more about q (s_iq s_jp > s_ip s_jq, the condition for a
positive gain). Equal gain fixes dO_q / dO_p = (s_ip + s_jp) / (s_iq + s_jq); the size
is set by whichever actor first reaches the other's position.

A round computes every feasible exchange from the round's starting positions and carries
them out greedily, highest gain first, each actor-issue pair taking part in at most one
exchange per round; rounds repeat until no exchange is left or max_rounds is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

_EPS = 1e-9


@dataclass(slots=True)
class ExchangeMove:
    round: int
    actor: int
    issue: int
    start: float
    end: float
    partner: int
    partner_issue: int  # the issue on which the partner moved in return
    gain: float


@dataclass(slots=True)
class ExchangeResult:
    outcome: np.ndarray  # (..., issues) compromise of the final positions
    initial: np.ndarray  # (..., issues) compromise of the initial positions
    positions: np.ndarray  # (..., actors, issues)
    rounds: int
    moves: list[ExchangeMove] = field(default_factory=list)  # only for a single case
    round_outcomes: list[np.ndarray] = field(default_factory=list)


def equal_gain(
    x: np.ndarray, s: np.ndarray, c: np.ndarray, i: int, j: int, p: int, q: int
) -> dict[str, float] | None:
    """The equal-gain exchange where i moves on issue p and j moves on issue q.

    x, s, c: (actors, issues). Returns the outcome shifts dO_p and dO_q, both actors'
    moves and new positions, and the (equal) gain; None when the exchange is infeasible.
    """
    w = c * s
    d = w.sum(axis=0)
    o = (w * x).sum(axis=0) / np.where(d > 0, d, 1.0)
    if (x[i, p] - o[p]) * (x[j, p] - o[p]) >= 0 or (x[i, q] - o[q]) * (x[j, q] - o[q]) >= 0:
        return None
    if s[i, q] * s[j, p] <= s[i, p] * s[j, q] or w[i, p] <= 0 or w[j, q] <= 0:
        return None
    ratio = (s[i, p] + s[j, p]) / (s[i, q] + s[j, q])
    dop_max = w[i, p] * abs(x[j, p] - x[i, p]) / d[p]
    doq_max = w[j, q] * abs(x[i, q] - x[j, q]) / d[q]
    dop = min(dop_max, doq_max / ratio)
    doq = ratio * dop
    move_i = dop * d[p] / w[i, p]
    move_j = doq * d[q] / w[j, q]
    return {
        "dO_p": float(dop),
        "dO_q": float(doq),
        "move_i": float(move_i),
        "move_j": float(move_j),
        "new_x_ip": float(x[i, p] + np.sign(x[j, p] - x[i, p]) * move_i),
        "new_x_jq": float(x[j, q] + np.sign(x[i, q] - x[j, q]) * move_j),
        "gain": float(s[i, q] * doq - s[i, p] * dop),
    }


@lru_cache(maxsize=8)
def _pairs(n: int, m: int) -> tuple[np.ndarray, ...]:
    """Each exchange once: actors i < j, issues p < q (who supplies which is decided by
    the saliences), and, per actor-issue pair, the exchanges that touch it.

    Exchange k is actor pair k // (m (m - 1) / 2) and issue pair k % (m (m - 1) / 2),
    both in np.triu_indices order, so per-pair arrays (B, actor pairs, issues) become
    per-exchange arrays by taking the issue pairs along the last axis."""
    ii, jj = np.triu_indices(n, 1)
    pp, qq = np.triu_indices(m, 1)
    i = np.repeat(ii, pp.size)
    j = np.repeat(jj, pp.size)
    p = np.tile(pp, ii.size)
    q = np.tile(qq, ii.size)
    touch = np.zeros((n * m, i.size), dtype=bool)
    cols = np.arange(i.size)
    for a, t in ((i, p), (i, q), (j, p), (j, q)):
        touch[a * m + t, cols] = True
    # every pair is touched by the same number of exchanges: (n - 1) partners x (m - 1)
    # other issues, so the lists stack into one array
    touching = np.nonzero(touch)[1].reshape(n * m, -1)
    return i, j, p, q, touching, ii, jj, pp, qq


def _candidates(
    x: np.ndarray, s: np.ndarray, w: np.ndarray, dsafe: np.ndarray, o: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every exchange's gain (B, exchanges), -inf where infeasible, and, for the
    feasible ones, their flat index (draw x exchanges + exchange), outcome shift on p,
    ratio dO_q / dO_p and whether i is the one who moves on p.

    What depends on one issue only (which side of the outcome each actor is on, the
    largest shift each can cause) is computed per actor pair and issue; an exchange
    needs both actors on opposite sides of the outcome on both issues, which about a
    quarter are, so the rest is computed for those only."""
    b_n, n, m = x.shape
    _, _, _, _, _, ii, jj, pp, qq = _pairs(n, m)
    xi, xj, si, sj = x[:, ii], x[:, jj], s[:, ii], s[:, jj]  # (B, actor pairs, issues)
    side = (xi - o[:, None]) * (xj - o[:, None]) < 0  # on opposite sides of the outcome
    opposite = side[:, :, pp] & side[:, :, qq]  # (B, actor pairs, issue pairs)
    f = np.flatnonzero(opposite)  # flat exchange index: draw, actor pair, issue pair
    n_ip = pp.size
    pair = f // n_ip  # draw x actor pairs + actor pair
    t = f % n_ip
    at_p = pair * m + pp[t]  # flat index into the (B, actor pairs, issues) arrays
    at_q = pair * m + qq[t]
    dx = np.abs(xj - xi)
    ds = dsafe[:, None]
    li = (w[:, ii] * dx / ds).reshape(-1)  # the outcome shift if i moves all the way to j
    lj = (w[:, jj] * dx / ds).reshape(-1)
    ssum = (si + sj).reshape(-1)
    si, sj = si.reshape(-1), sj.reshape(-1)
    s_ip, s_jp, s_iq, s_jq = si[at_p], sj[at_p], si[at_q], sj[at_q]
    # i supplies p (and j supplies q) when i cares relatively more about q than j does
    i_on_p = s_iq * s_jp > s_ip * s_jq
    j_on_p = s_ip * s_jq > s_iq * s_jp
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = ssum[at_p] / ssum[at_q]
        dop = np.minimum(np.where(i_on_p, li[at_p], lj[at_p]),
                         np.where(i_on_p, lj[at_q], li[at_q]) / ratio)
        doq = ratio * dop
        gain = np.where(i_on_p, s_iq, s_jq) * doq - np.where(i_on_p, s_ip, s_jp) * dop
    ok = (i_on_p | j_on_p) & np.isfinite(gain)
    flat = np.full(opposite.size, -np.inf)
    flat[f[ok]] = gain[ok]
    return flat.reshape(b_n, -1), f, dop, ratio, i_on_p


def _round(x: np.ndarray, s: np.ndarray, c: np.ndarray, record: bool, rnd: int):
    """One round over a batch: x, s, c are (B, n, m). Returns new x, count, moves."""
    b_n, n, m = x.shape
    ci, cj, cp, cq, touch, *_ = _pairs(n, m)
    if ci.size == 0:  # one issue or one actor: nothing to trade
        return x.copy(), np.zeros(b_n, dtype=int), []
    w = c * s
    dsum = w.sum(axis=1)  # (B, m)
    dsafe = np.where(dsum > 0, dsum, 1.0)
    o = (w * x).sum(axis=1) / dsafe
    flat, f, dop_f, ratio_f, i_on_p_f = _candidates(x, s, w, dsafe, o)
    n_ex = flat.shape[1]
    flat_1d = flat.reshape(-1)  # a view: striking through it strikes in flat

    new_x = x.copy()
    count = np.zeros(b_n, dtype=int)
    moves: list[ExchangeMove] = []
    rows = np.arange(b_n)
    for _ in range(n * m):
        k = np.argmax(flat, axis=1)
        g = flat[rows, k]
        live = g > _EPS
        if not live.any():
            break
        bb = rows[live]
        kk = k[live]
        at = np.searchsorted(f, bb * n_ex + kk)  # where the feasible lists hold them
        ip = i_on_p_f[at]
        a = np.where(ip, ci[kk], cj[kk])  # moves on p
        b = np.where(ip, cj[kk], ci[kk])  # moves on q
        p, q = cp[kk], cq[kk]
        dp = dop_f[at]
        dq = dp * ratio_f[at]
        move_a = dp * dsum[bb, p] / w[bb, a, p]
        move_b = dq * dsum[bb, q] / w[bb, b, q]
        new_x[bb, a, p] = x[bb, a, p] + np.sign(x[bb, b, p] - x[bb, a, p]) * move_a
        new_x[bb, b, q] = x[bb, b, q] + np.sign(x[bb, a, q] - x[bb, b, q]) * move_b
        count[bb] += 1
        if record:
            a0, b0, p0, q0, g0 = int(a[0]), int(b[0]), int(p[0]), int(q[0]), float(g[0])
            moves.append(ExchangeMove(rnd, a0, p0, float(x[0, a0, p0]), float(new_x[0, a0, p0]),
                                      b0, q0, g0))
            moves.append(ExchangeMove(rnd, b0, q0, float(x[0, b0, q0]), float(new_x[0, b0, q0]),
                                      a0, p0, g0))
        # each actor-issue pair trades once a round: strike every exchange that touches
        # one of the four pairs this one used (one flat index per draw and exchange)
        struck = np.concatenate(
            [touch[ia * m + it] for ia, it in ((a, p), (a, q), (b, p), (b, q))], axis=1
        )
        flat_1d[(bb * n_ex)[:, None] + struck] = -np.inf
    return new_x, count, moves


def exchange_model(
    x: np.ndarray,
    s: np.ndarray,
    c: np.ndarray,
    max_rounds: int = 10,
    chunk: int = 64,
) -> ExchangeResult:
    """Run the model on (actors, issues) arrays, or a batch of them (draws, actors, issues).

    Moves are recorded only for a single case; a batch is processed `chunk` draws at a
    time to bound memory (the candidate array is draws x actors^2 x issues^2).
    """
    x = np.asarray(x, float)
    single = x.ndim == 2
    xb = (x[None] if single else x).copy()
    sb = np.broadcast_to(np.asarray(s, float), xb.shape)
    cb = np.broadcast_to(np.asarray(c, float), xb.shape)

    def outcome(xx: np.ndarray) -> np.ndarray:
        w = cb * sb
        d = w.sum(axis=1)
        return (w * xx).sum(axis=1) / np.where(d > 0, d, 1.0)

    initial = outcome(xb)
    moves: list[ExchangeMove] = []
    round_outcomes: list[np.ndarray] = []
    rounds_done = 0
    for start in range(0, xb.shape[0], chunk):
        sl = slice(start, start + chunk)
        xc, sc, cc = xb[sl].copy(), sb[sl], cb[sl]
        live = np.arange(xc.shape[0])  # draws that still trade
        for rnd in range(1, max_rounds + 1):
            if live.size == xc.shape[0]:
                xc, count, mv = _round(xc, sc, cc, single, rnd)
            else:
                # a draw without an exchange this round has none in any later round
                # (nothing moved), so only the draws still trading go on
                x_live, count, mv = _round(xc[live], sc[live], cc[live], single, rnd)
                xc[live] = x_live
            moves.extend(mv)
            if single:
                w = cb[0] * sb[0]
                d = w.sum(axis=0)
                round_outcomes.append((w * xc[0]).sum(axis=0) / np.where(d > 0, d, 1.0))
            if not count.any():
                break
            rounds_done = max(rounds_done, rnd)
            live = live[count > 0]
        xb[sl] = xc
    final = outcome(xb)
    if single:
        return ExchangeResult(final[0], initial[0], xb[0], rounds_done, moves, round_outcomes)
    return ExchangeResult(final, initial, xb, rounds_done)
