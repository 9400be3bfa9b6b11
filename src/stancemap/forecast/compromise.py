"""The compromise model: the mean of positions weighted by salience x capability.

Source: Achen, C. H. (2006), "Institutional realism and bargaining models", in Thomson,
Stokman, Achen & Koenig (eds.), *The European Union Decides*, Cambridge UP, ch. 4. Achen
derives it as the outcome of a bargain among actors with quadratic losses; the Decide
and KTAB tradition calls the same formula the "NBS", which it is not (see nbs.py).
"""

from __future__ import annotations

import numpy as np


def compromise(position: np.ndarray, salience: np.ndarray, capability: np.ndarray) -> np.ndarray:
    """Weighted mean over the last axis; leading axes (Monte Carlo draws) broadcast.

    Where every weight is zero nobody cares, and the plain mean is returned rather
    than a division by zero.
    """
    w = np.asarray(salience, float) * np.asarray(capability, float)
    x = np.asarray(position, float)
    total = w.sum(axis=-1)
    safe = np.where(total > 0, total, 1.0)
    mean = (w * x).sum(axis=-1) / safe
    return np.where(total > 0, mean, x.mean(axis=-1))
