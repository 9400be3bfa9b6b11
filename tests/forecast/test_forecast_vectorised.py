"""The Monte Carlo runs the models on a batch of draws at once; every draw of the batch
must end where the same draw run alone ends."""

from pathlib import Path

import numpy as np
import pytest

from stancemap.forecast.eum import expected_utility_model
from stancemap.forecast.exchange import exchange_model
from stancemap.forecast.io_table import read_any
from stancemap.forecast.montecarlo import draw
from stancemap.forecast.runner import _issue_slices, _sample


@pytest.fixture(scope="module")
def cop21():
    # 15 actors x 13 issues, 11 issues with all 15 actors and 2 with 8: two batch sizes
    neg = read_any(Path(__file__).parent / "data" / "decide" / "CoP21_original_2015.csv")
    return neg, draw(neg, 5, seed=11), _issue_slices(neg)


def test_eum_batch_of_all_issues_equals_each_draw_alone(cop21):
    neg, d, idx = cop21
    batch = _sample("eum", neg, d, idx, 10, None)  # issues of one size share a batch
    assert not np.isnan(batch).any()
    for b in range(d.position.shape[0]):
        for k, iss in enumerate(neg.issues):
            sel = idx[k]
            alone = expected_utility_model(d.position[b, sel, k], d.salience[b, sel, k],
                                           d.capability[b, sel, k], iss.low, iss.high, 10)
            assert batch[b, k] == pytest.approx(float(alone.forecast), abs=1e-9)


def test_eum_rows_with_their_own_scales_and_stopping_rounds():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, (4, 6))
    x[1] = 3.0  # unanimous: stops after one round while the others go on
    s = rng.uniform(0.2, 1.0, (4, 6))
    c = rng.uniform(0.5, 2.0, (4, 6))
    low = np.array([0.0, 0.0, -5.0, 2.0])
    high = np.array([10.0, 10.0, 10.0, 10.0])
    batch = expected_utility_model(x, s, c, low, high, max_rounds=8, chunk=3)
    for b in range(4):
        alone = expected_utility_model(x[b], s[b], c[b], low[b], high[b], max_rounds=8)
        assert np.allclose(batch.positions[b], alone.positions, atol=1e-9, rtol=0)
        assert batch.forecast[b] == pytest.approx(float(alone.forecast), abs=1e-9)
    assert np.all(batch.positions[1] == 3.0)


def test_exchange_batch_equals_each_draw_alone(cop21):
    neg, d, idx = cop21
    batch = exchange_model(d.position, d.salience, d.capability, 10, chunk=2)
    for b in range(d.position.shape[0]):
        alone = exchange_model(d.position[b], d.salience[b], d.capability[b], 10)
        assert np.allclose(batch.positions[b], alone.positions, atol=1e-9, rtol=0)
        assert np.allclose(batch.outcome[b], alone.outcome, atol=1e-9, rtol=0)
        assert alone.moves  # the draws do trade, so the comparison means something
    runner = _sample("exchange", neg, d, idx, 10, None)
    assert np.allclose(runner, batch.outcome, atol=1e-9, rtol=0)
