"""Draws of the inputs around their values, for forecast distributions.

Positions are drawn normally with their spread and clipped to the issue's scale;
saliences normally and clipped to 0..1; capabilities log-normally (one factor per actor
and draw, since capability belongs to the actor rather than to an issue), with mean 1 so
the expected capability is the stated one. Status quos with a spread are drawn too.
One seeded generator makes every run reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .types import Negotiation, Spreads, full_arrays


@dataclass(slots=True)
class Draws:
    position: np.ndarray  # (draws, actors, issues)
    salience: np.ndarray
    capability: np.ndarray
    status_quo: np.ndarray  # (draws, issues), NaN where unknown
    present: np.ndarray  # (actors, issues) bool: actor holds a stance there


def spread_arrays(neg: Negotiation, spreads: Spreads) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, m = len(neg.actors), len(neg.issues)
    psd = np.zeros((n, m))
    ssd = np.zeros((n, m))
    csd = np.zeros(n)
    for i, a in enumerate(neg.actors):
        cap = a.capability
        csd[i] = cap.spread / cap.value if cap.spread is not None and cap.value > 0 else (
            spreads.capability
        )
        for k, iss in enumerate(neg.issues):
            st = neg.stances.get((a.id, iss.id))
            if st is None:
                continue
            psd[i, k] = (
                st.position.spread if st.position.spread is not None
                else spreads.position * iss.span
            )
            ssd[i, k] = st.salience.spread if st.salience.spread is not None else spreads.salience
    return psd, ssd, csd


def draw(
    neg: Negotiation, draws: int, seed: int | None = 0, spreads: Spreads | None = None
) -> Draws:
    sp = spreads or Spreads()
    rng = np.random.default_rng(seed)
    x, s, c = full_arrays(neg)
    n, m = x.shape
    present = np.zeros((n, m), dtype=bool)
    for i, a in enumerate(neg.actors):
        for k, iss in enumerate(neg.issues):
            present[i, k] = (a.id, iss.id) in neg.stances
    psd, ssd, csd = spread_arrays(neg, sp)
    low = np.array([iss.low for iss in neg.issues])
    high = np.array([iss.high for iss in neg.issues])
    xd = np.clip(x + psd * rng.standard_normal((draws, n, m)), low, high)
    sd = np.clip(s + ssd * rng.standard_normal((draws, n, m)), 0.0, 1.0)
    sd = np.where(present, sd, 0.0)
    factor = np.exp(csd * rng.standard_normal((draws, n)) - csd**2 / 2)
    cd = c * factor[:, :, None]
    sq = np.full((draws, m), np.nan)
    for k, iss in enumerate(neg.issues):
        if iss.status_quo is None:
            continue
        spread = iss.status_quo.spread or 0.0
        sq[:, k] = np.clip(iss.status_quo.value + spread * rng.standard_normal(draws),
                           iss.low, iss.high)
    return Draws(xd, sd, cd, sq, present)
