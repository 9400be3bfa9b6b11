"""The equal-gain exchange against the figures Decide's own tests assert on sample_data."""

import numpy as np
import pytest

from stancemap.forecast.exchange import equal_gain, exchange_model
from stancemap.forecast.io_decide import read_decide
from stancemap.forecast.types import full_arrays


@pytest.fixture
def sample(data_dir):
    neg = read_decide(data_dir / "decide" / "sample_data.txt")
    x, s, c = full_arrays(neg)
    return neg, x, s, c


def test_wcentr_willems_exchange(sample):
    neg, x, s, c = sample
    a, i = neg.actor_ids, neg.issue_ids
    wcentr, willems = a.index("Wcentr"), a.index("Willems")
    toll, invest = i.index("tolheffing-binnenstad"), i.index("extra-investering")
    ex = equal_gain(x, s, c, wcentr, willems, toll, invest)
    assert ex is not None
    assert ex["dO_q"] == pytest.approx(13.1579, abs=1e-3)  # Willems's full move shifts O
    assert ex["dO_p"] == pytest.approx(10.3878, abs=1e-3)
    assert ex["move_i"] == pytest.approx(61.0512, abs=1e-3)  # Wcentr's reverse move
    assert ex["new_x_jq"] == pytest.approx(100.0)
    # both gain the same
    gain_j = s[willems, toll] * ex["dO_p"] - s[willems, invest] * ex["dO_q"]
    assert gain_j == pytest.approx(ex["gain"])
    # the mirror image is the same exchange, and the wrong direction is none
    mirror = equal_gain(x, s, c, willems, wcentr, invest, toll)
    assert mirror is not None and mirror["move_j"] == pytest.approx(61.0512, abs=1e-3)
    assert equal_gain(x, s, c, wcentr, willems, invest, toll) is None


def test_first_exchange_is_the_best_one(sample):
    neg, x, s, c = sample
    res = exchange_model(x, s, c, max_rounds=1)
    first = {neg.actor_ids[m.actor] for m in res.moves[:2]}
    assert first == {"Wcentr", "Willems"}
    assert res.moves[0].gain == pytest.approx(1.9737, abs=1e-3)


def test_batch_equals_single_and_input_untouched(sample):
    _, x, s, c = sample
    before = x.copy()
    single = exchange_model(x, s, c, max_rounds=3)
    batch = exchange_model(np.repeat(x[None], 3, axis=0), s, c, max_rounds=3)
    assert np.array_equal(x, before)
    assert np.allclose(batch.outcome, single.outcome[None])


def test_single_issue_has_nothing_to_trade():
    x = np.array([[0.0], [100.0], [50.0]])
    res = exchange_model(x, np.ones_like(x), np.ones_like(x))
    assert res.rounds == 0 and res.moves == []
    assert res.outcome[0] == pytest.approx(50.0)
