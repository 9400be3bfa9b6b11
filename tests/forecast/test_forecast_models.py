"""Hand-computable cases for the one-issue models."""

import numpy as np
import pytest

from stancemap.forecast.compromise import compromise
from stancemap.forecast.median import condorcet_winner, weighted_median
from stancemap.forecast.nbs import nash_bargaining

ONES = np.ones(3)


def test_compromise_and_median_0_100_100():
    x = np.array([0.0, 100.0, 100.0])
    assert compromise(x, ONES, ONES) == pytest.approx(200 / 3)
    assert weighted_median(x, ONES, ONES) == 100.0
    assert condorcet_winner(x, ONES, ONES) == 100.0


def test_weights_are_salience_times_capability():
    x = np.array([0.0, 100.0])
    # 0.5*4 = 2 against 1*1 = 1: mean 100/3, median at the heavier actor
    assert compromise(x, np.array([0.5, 1.0]), np.array([4.0, 1.0])) == pytest.approx(100 / 3)
    assert weighted_median(x, np.array([0.5, 1.0]), np.array([4.0, 1.0])) == 0.0


def test_median_exact_split_takes_midpoint():
    assert weighted_median(np.array([0.0, 100.0]), np.ones(2), np.ones(2)) == 50.0


def test_median_broadcasts_over_draws():
    x = np.array([[0.0, 100.0, 100.0], [0.0, 0.0, 100.0]])
    assert weighted_median(x, ONES, ONES).tolist() == [100.0, 0.0]


def test_condorcet_cycle_free_in_one_dimension():
    x = np.array([10.0, 40.0, 90.0])
    w = np.array([1.0, 1.0, 1.0])
    assert condorcet_winner(x, w, w) == 40.0


def test_nbs_interior_optimum():
    # gains g1 = 80 - x, g2 = x on [40, 60]; weights 1:2 -> x = 160/3
    x = nash_bargaining(np.array([40.0, 60.0]), np.ones(2), np.array([1.0, 2.0]), 0.0)
    assert x == pytest.approx(160 / 3, abs=1e-5)


def test_nbs_optimum_at_kink():
    # equal weights: left of 40 both gains rise, right of 40 the product falls -> kink 40
    x = nash_bargaining(np.array([40.0, 60.0]), np.ones(2), np.ones(2), 0.0)
    assert x == pytest.approx(40.0, abs=1e-6)
    # a heavy actor pins the solution to its own position
    y = nash_bargaining(np.array([0.0, 100.0, 70.0]), ONES, np.array([1.0, 1.0, 5.0]), None)
    assert y == pytest.approx(70.0, abs=1e-6)


def test_nbs_without_status_quo_uses_worst_points():
    # disagreement at each actor's worst end: maximise log(100-x) + 2 log x on x < 70
    y = nash_bargaining(np.array([0.0, 100.0, 70.0]), ONES, ONES, None)
    assert y == pytest.approx(200 / 3, abs=1e-5)


def test_nbs_empty_feasible_set_is_no_agreement():
    # actors on both sides of the status quo: nothing improves on it for both
    assert np.isnan(nash_bargaining(np.array([20.0, 80.0]), np.ones(2), np.ones(2), 50.0))
    # an actor already at the status quo cannot gain
    assert np.isnan(nash_bargaining(np.array([50.0, 80.0]), np.ones(2), np.ones(2), 50.0))


def test_nbs_batch_matches_single():
    xs = np.array([[40.0, 60.0], [20.0, 80.0]])
    out = nash_bargaining(xs, np.ones(2), np.array([1.0, 2.0]), np.array([0.0, 50.0]))
    assert out[0] == pytest.approx(160 / 3, abs=1e-5)
    assert np.isnan(out[1])
