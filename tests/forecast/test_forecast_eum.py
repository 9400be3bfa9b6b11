"""Bueno de Mesquita's expected utility model on small cases and the EC emissions data."""

import numpy as np
import pytest

from stancemap.forecast.eum import _expected_utility, _probabilities, expected_utility_model


def _ec(data_dir):
    text = (data_dir / "bdm" / "ExampleActors.csv").read_text().replace("\r", "\n")
    rows = [ln.split(",") for ln in text.split("\n")[1:] if ln.strip()]
    c = np.array([float(r[1]) for r in rows])
    x = np.array([float(r[2]) for r in rows])
    s = np.array([float(r[3]) for r in rows]) / 100
    return [r[0] for r in rows], x, s, c


def test_probability_two_actors():
    # each votes for itself with its own weight: P = w_i / (w_i + w_j)
    x = np.array([[0.0, 1.0]])
    p = _probabilities(x, np.array([[1.0, 3.0]]))
    assert p[0, 0, 1] == pytest.approx(0.25)
    assert p[0, 1, 0] == pytest.approx(0.75)


def test_no_challenge_term_is_subtracted_whole():
    # Q = 0 and j further from i than mu (T = 0): EU = challenge - U_w, so EU grows by
    # exactly U_w's drop when mu moves away from i; a sign slip would make it shrink.
    x = np.array([[0.0, 1.0]])
    s = np.array([[1.0, 1.0]])
    p = np.full((1, 2, 2), 0.5)
    r = np.ones((1, 2))
    near = _expected_utility(x, s, np.array([0.1]), p, r, 0.0)[0, 0, 1]
    far = _expected_utility(x, s, np.array([0.5]), p, r, 0.0)[0, 0, 1]
    uw = lambda dm: 2 - 4 * (0.5 + 0.25 * (dm + 1.0))  # noqa: E731
    assert far - near == pytest.approx(uw(0.1) - uw(0.5))
    assert far > near


def test_ec_emissions_runs_and_stays_in_range(data_dir):
    names, x, s, c = _ec(data_dir)
    res = expected_utility_model(x, s, c, 4, 10)
    assert len(names) == 10
    assert 4 <= float(res.forecast) <= 10
    assert res.round_forecasts[0] == pytest.approx(7.0)  # initial weighted median
    assert all(4 <= v <= 10 for v in res.positions)
    assert {m.kind for m in res.moves} <= {"conflict", "compromise", "capitulation"}


def test_batch_equals_single(data_dir):
    _, x, s, c = _ec(data_dir)
    one = expected_utility_model(x, s, c, 4, 10, max_rounds=4)
    many = expected_utility_model(np.repeat(x[None], 3, 0), s, c, 4, 10, max_rounds=4)
    assert np.allclose(many.positions, one.positions[None])


def test_unanimity_nobody_moves():
    res = expected_utility_model(np.full(4, 30.0), np.ones(4), np.ones(4))
    assert res.rounds == 0 and res.moves == [] and float(res.forecast) == 30.0


@pytest.mark.parametrize(("mu", "q"), [(0.9, 0.5), (0.1, 0.5), (0.9, 0.3), (0.1, 0.0)])
def test_expected_utility_is_scholz_equation(mu, q):
    # Scholz, Calbert & Smith (2011): EU_i(ij) = s_j (P U_s + (1 - P) U_f) + (1 - s_j) U_s
    #   - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w), written out here for one pair. mu = 0.9
    # puts j (at 0.6) nearer i (at 0.2) than mu is (T = 1, U_b); mu = 0.1 gives T = 0
    # (U_w). A plus in front of (1 - Q)(...), the slip of a public replication, or a
    # U_sq not subtracted, moves EU by 2 (1 - Q)(T U_b + (1 - T) U_w) or 2 Q U_sq.
    xi, xj, sj, p, r = 0.2, 0.6, 0.7, 0.35, 1.6
    d, dm = abs(xi - xj), abs(xi - mu)
    t = 1.0 if dm >= d else 0.0
    u_s = 2 - 4 * (0.5 - 0.5 * d) ** r
    u_f = 2 - 4 * (0.5 + 0.5 * d) ** r
    u_b = 2 - 4 * (0.5 - 0.25 * (dm + d)) ** r
    u_w = 2 - 4 * (0.5 + 0.25 * (dm + d)) ** r
    u_sq = 2 - 4 * 0.5**r
    want = (sj * (p * u_s + (1 - p) * u_f) + (1 - sj) * u_s
            - q * u_sq - (1 - q) * (t * u_b + (1 - t) * u_w))
    x = np.array([[xi, xj]])
    s = np.array([[0.9, sj]])
    pm = np.array([[[0.5, p], [1 - p, 0.5]]])
    rr = np.array([[r, 1.0]])
    got = _expected_utility(x, s, np.array([mu]), pm, rr, q)[0, 0, 1]
    assert got == pytest.approx(want, abs=1e-12)
    assert abs(t * u_b + (1 - t) * u_w) > 0.05  # the term the slip flips is not ~0
