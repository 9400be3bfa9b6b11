"""Run the models on a Negotiation: point forecasts with their rounds, and Monte Carlo
distributions summarised as a median and a 5-95% band per issue and model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .compromise import compromise
from .eum import expected_utility_model
from .exchange import exchange_model
from .median import condorcet_winner, weighted_median
from .montecarlo import draw
from .nbs import nash_bargaining
from .types import Negotiation, Spreads, full_arrays

MODELS = ("compromise", "median", "nbs", "eum", "exchange")
MODEL_NAMES = {
    "compromise": "Compromise (weighted mean)",
    "median": "Weighted median",
    "nbs": "Nash bargaining (asym.)",
    "eum": "Expected utility (BdM)",
    "exchange": "Exchange (equal gain)",
}


@dataclass(slots=True)
class ModelForecast:
    model: str
    issue: str
    value: float | None  # None: no agreement (NBS) or no actors
    low: float | None = None  # 5% of the draws
    high: float | None = None  # 95%
    mid: float | None = None  # median of the draws
    no_agreement: float | None = None  # share of draws without agreement (NBS)
    note: str = ""
    per_round: list[float] = field(default_factory=list)  # EUM / exchange, round 0 first


@dataclass(slots=True)
class Forecast:
    negotiation: Negotiation
    models: list[str]
    results: dict[str, dict[str, ModelForecast]]  # model -> issue -> forecast
    rounds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # model -> moves
    draws: int = 0
    seed: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        neg = self.negotiation
        issues = []
        for iss in neg.issues:
            entry: dict[str, Any] = {
                "issue": iss.id,
                "name": iss.name,
                "low": iss.low,
                "high": iss.high,
                "status_quo": iss.status_quo.value if iss.status_quo else None,
                "positions": {
                    a: {
                        "position": neg.stances[(a, iss.id)].position.value,
                        "position_source": neg.stances[(a, iss.id)].position.source,
                        "salience": neg.stances[(a, iss.id)].salience.value,
                        "salience_source": neg.stances[(a, iss.id)].salience.source,
                        "capability": neg.capability(a, iss.id).value,
                        "capability_source": neg.capability(a, iss.id).source,
                    }
                    for a in neg.issue_actors(iss.id)
                },
                "forecasts": {},
            }
            for m in self.models:
                f = self.results[m][iss.id]
                entry["forecasts"][m] = {
                    "value": f.value,
                    "meaning": iss.meaning_at(f.value) if f.value is not None else "",
                    "band_5": f.low,
                    "band_95": f.high,
                    "draws_median": f.mid,
                    "no_agreement_share": f.no_agreement,
                    "note": f.note,
                    "per_round": f.per_round,
                }
            issues.append(entry)
        return {
            "negotiation": neg.name,
            "models": self.models,
            "draws": self.draws,
            "seed": self.seed,
            "issues": issues,
            "rounds": self.rounds,
        }


def _issue_slices(neg: Negotiation) -> list[np.ndarray]:
    return [
        np.array([i for i, a in enumerate(neg.actors) if (a.id, iss.id) in neg.stances], int)
        for iss in neg.issues
    ]


def point_forecast(
    neg: Negotiation, models: list[str], max_rounds: int = 10
) -> tuple[dict[str, dict[str, ModelForecast]], dict[str, list[dict[str, Any]]]]:
    x, s, c = full_arrays(neg)
    idx = _issue_slices(neg)
    out: dict[str, dict[str, ModelForecast]] = {m: {} for m in models}
    rounds: dict[str, list[dict[str, Any]]] = {}
    ids = neg.actor_ids
    for k, iss in enumerate(neg.issues):
        sel = idx[k]
        xs, ss, cs = x[sel, k], s[sel, k], c[sel, k]
        sq = iss.status_quo.value if iss.status_quo is not None else None
        empty = sel.size == 0
        for m in models:
            if empty:
                out[m][iss.id] = ModelForecast(m, iss.id, None, note="no actor holds a stance")
                continue
            if m == "compromise":
                v: float | None = float(compromise(xs, ss, cs))
                out[m][iss.id] = ModelForecast(m, iss.id, v)
            elif m == "median":
                v = float(weighted_median(xs, ss, cs))
                cw = condorcet_winner(xs, ss, cs)
                note = f"Condorcet winner {cw:g}" if cw is not None else "no Condorcet winner"
                out[m][iss.id] = ModelForecast(m, iss.id, v, note=note)
            elif m == "nbs":
                r = float(nash_bargaining(xs, ss, cs, sq, iss.low, iss.high))
                note = "" if sq is not None else "status quo unknown: disagreement = worst point"
                if np.isnan(r):
                    out[m][iss.id] = ModelForecast(m, iss.id, None, note="no agreement")
                else:
                    out[m][iss.id] = ModelForecast(m, iss.id, r, note=note)
            elif m == "eum":
                res = expected_utility_model(xs, ss, cs, iss.low, iss.high, max_rounds)
                per_round = [float(f) for f in res.round_forecasts]
                out[m][iss.id] = ModelForecast(
                    m, iss.id, float(res.forecast),
                    note=f"{res.rounds} rounds; weighted mean {float(res.mean):.4g}",
                    per_round=per_round,
                )
                for mv in res.moves:
                    rounds.setdefault("eum", []).append({
                        "issue": iss.id, "round": mv.round, "actor": ids[sel[mv.actor]],
                        "from": mv.start, "to": mv.end,
                        "why": f"{mv.kind} offer from {ids[sel[mv.proposer]]}",
                        "forecast_after": per_round[min(mv.round, len(per_round) - 1)],
                    })
        # the exchange model trades across issues, so it runs once for all of them
    if "exchange" in models:
        res_x = exchange_model(x, s, c, max_rounds)
        for k, iss in enumerate(neg.issues):
            if idx[k].size == 0:
                continue
            out["exchange"][iss.id] = ModelForecast(
                "exchange", iss.id, float(res_x.outcome[k]),
                note=f"{res_x.rounds} rounds; before exchanges {float(res_x.initial[k]):.4g}",
                per_round=[float(res_x.initial[k])] + [float(o[k]) for o in res_x.round_outcomes],
            )
        issues = neg.issue_ids
        rounds["exchange"] = [
            {
                "issue": issues[mv.issue], "round": mv.round, "actor": ids[mv.actor],
                "from": mv.start, "to": mv.end,
                "why": f"exchange with {ids[mv.partner]}, who moves on "
                       f"{issues[mv.partner_issue]} (gain {mv.gain:.3g} each)",
            }
            for mv in res_x.moves
        ]
    return out, rounds


def run_forecast(
    neg: Negotiation,
    models: list[str] | None = None,
    draws: int = 1000,
    seed: int | None = 0,
    spreads: Spreads | None = None,
    max_rounds: int = 10,
    exchange_draws: int | None = None,
) -> Forecast:
    """Point forecasts plus, when draws > 0, a Monte Carlo band for every model.

    exchange_draws optionally caps the draws given to the exchange model, the slowest of
    the five (its candidate set is actors^2 x issues^2 per draw); None: all draws.
    """
    import time

    models = list(models or MODELS)
    t0 = time.perf_counter()
    results, rounds = point_forecast(neg, models, max_rounds)
    timings: dict[str, float] = {"point": time.perf_counter() - t0}
    if draws > 0:
        d = draw(neg, draws, seed, spreads)
        idx = _issue_slices(neg)
        for m in models:
            t1 = time.perf_counter()
            samples = _sample(m, neg, d, idx, max_rounds, exchange_draws)
            timings[m] = time.perf_counter() - t1
            for k, iss in enumerate(neg.issues):
                f = results[m].get(iss.id)
                col = samples[:, k]
                if f is None or idx[k].size == 0:
                    continue
                ok = col[~np.isnan(col)]
                f.no_agreement = float(np.isnan(col).mean()) if m == "nbs" else None
                if ok.size:
                    f.low, f.mid, f.high = (float(v) for v in np.percentile(ok, [5, 50, 95]))
    return Forecast(neg, models, results, rounds, draws, seed, timings)


def _sample(
    m: str,
    neg: Negotiation,
    d: Any,
    idx: list[np.ndarray],
    max_rounds: int,
    exchange_draws: int | None,
) -> np.ndarray:
    """(draws, issues) forecasts; NaN for no agreement."""
    b = d.position.shape[0]
    out = np.full((b, len(neg.issues)), np.nan)
    if m == "exchange":
        nb = b if exchange_draws is None else min(b, exchange_draws)
        out[:nb] = _threaded(
            lambda a, b_, c_: exchange_model(a, b_, c_, max_rounds).outcome,
            d.position[:nb], d.salience[:nb], d.capability[:nb],
        )
        return out
    for k, iss in enumerate(neg.issues):
        sel = idx[k]
        if sel.size == 0:
            continue
        xs, ss, cs = d.position[:, sel, k], d.salience[:, sel, k], d.capability[:, sel, k]
        if m == "compromise":
            out[:, k] = compromise(xs, ss, cs)
        elif m == "median":
            out[:, k] = weighted_median(xs, ss, cs)
        elif m == "nbs":
            sq = d.status_quo[:, k] if iss.status_quo is not None else None
            out[:, k] = nash_bargaining(xs, ss, cs, sq, iss.low, iss.high)
    if m == "eum":
        # issues with the same number of actors run as one batch (a row per draw and
        # issue, each row with its own scale): fewer, larger array operations
        by_size: dict[int, list[int]] = {}
        for k in range(len(neg.issues)):
            if idx[k].size:
                by_size.setdefault(int(idx[k].size), []).append(k)
        for ks in by_size.values():
            xs = np.concatenate([d.position[:, idx[k], k] for k in ks])
            ss = np.concatenate([d.salience[:, idx[k], k] for k in ks])
            cs = np.concatenate([d.capability[:, idx[k], k] for k in ks])
            lo = np.repeat([neg.issues[k].low for k in ks], b)
            hi = np.repeat([neg.issues[k].high for k in ks], b)
            fc = _threaded(
                lambda a, s_, c_, lo_, hi_: expected_utility_model(
                    a, s_, c_, lo_, hi_, max_rounds
                ).forecast,
                xs, ss, cs, lo, hi,
            )
            out[:, ks] = fc.reshape(len(ks), b).T
    return out


def _threaded(fn: Any, *arrays: np.ndarray, workers: int = 2) -> np.ndarray:
    """Split the draws between threads: numpy releases the GIL inside its loops, so the
    two halves run on two cores."""
    b = arrays[0].shape[0]
    if b < 256 or workers < 2:
        return np.asarray(fn(*arrays))
    from concurrent.futures import ThreadPoolExecutor

    cuts = np.linspace(0, b, workers + 1).astype(int)
    parts = [tuple(a[lo:hi] for a in arrays) for lo, hi in zip(cuts[:-1], cuts[1:], strict=True)]
    with ThreadPoolExecutor(workers) as ex:
        res = list(ex.map(lambda p: fn(*p), parts))
    return np.concatenate([np.asarray(r) for r in res], axis=0)
