"""Monte Carlo, the runner, the suggested negotiation, the CLI and the SVG."""

import json
import xml.etree.ElementTree as ET
from datetime import date

import numpy as np
import pytest
from typer.testing import CliRunner

from stancemap.forecast import cli as fcli
from stancemap.forecast.io_decide import read_decide
from stancemap.forecast.io_table import read_table
from stancemap.forecast.montecarlo import draw
from stancemap.forecast.runner import MODELS, run_forecast
from stancemap.forecast.suggest import read_point, suggest_negotiation
from stancemap.forecast.svg import forecast_svgs
from stancemap.forecast.types import ActorDef, IssueDef, Negotiation, Num, Stance
from stancemap.models import Statement
from stancemap.scenario import load_scenario


def _toy(sq=None):
    iss = IssueDef("i", "toy", 0, 100, status_quo=None if sq is None else Num(sq))
    actors = [ActorDef(a) for a in "ABC"]
    stances = {
        (a, "i"): Stance(Num(x), Num(1.0)) for a, x in zip("ABC", (0.0, 100.0, 100.0), strict=True)
    }
    return Negotiation("toy", actors, [iss], stances)


def test_point_forecasts_toy():
    fc = run_forecast(_toy(), draws=0)
    assert fc.results["compromise"]["i"].value == pytest.approx(200 / 3)
    assert fc.results["median"]["i"].value == 100.0
    assert set(fc.results) == set(MODELS)


def test_no_agreement_reported():
    neg = _toy(sq=50.0)
    fc = run_forecast(neg, ["nbs"], draws=50, seed=1)
    f = fc.results["nbs"]["i"]
    assert f.value is None and f.note == "no agreement"
    assert f.no_agreement is not None and f.no_agreement > 0.5


def test_monte_carlo_reproducible(data_dir):
    neg = read_decide(data_dir / "decide" / "sample_data.txt")
    a = draw(neg, 200, seed=7)
    b = draw(neg, 200, seed=7)
    c = draw(neg, 200, seed=8)
    assert np.array_equal(a.position, b.position) and not np.array_equal(a.position, c.position)
    f1 = run_forecast(neg, draws=200, seed=7, exchange_draws=50)
    f2 = run_forecast(neg, draws=200, seed=7, exchange_draws=50)
    for m in MODELS:
        for iss in neg.issue_ids:
            assert f1.results[m][iss].low == f2.results[m][iss].low
            assert f1.results[m][iss].high == f2.results[m][iss].high


def test_draws_respect_bounds_and_spreads(data_dir):
    neg = read_decide(data_dir / "decide" / "sample_data.txt")
    d = draw(neg, 500, seed=0)
    assert d.position.min() >= 0 and d.position.max() <= 100
    assert d.salience.min() >= 0 and d.salience.max() <= 1
    # an analyst-set spread of zero pins the number
    key = ("GL", "tol-hoogte")
    st = neg.stances[key]
    st.position = Num(st.position.value, "analyst", spread=0.0)
    d = draw(neg, 100, seed=0)
    i, k = neg.actor_ids.index("GL"), neg.issue_ids.index("tol-hoogte")
    assert np.all(d.position[:, i, k] == st.position.value)


def _statements():
    return [
        Statement("d1", "RUS", "demand", "territory.donbas", "Putin demanded it.",
                  content="Ukraine must withdraw from Donbas", date=date(2025, 8, 15)),
        Statement("d2", "UKR", "reject", "territory.donbas", "Kyiv refused.",
                  target="RUS", date=date(2025, 8, 18)),
        Statement("d3", "USA", "propose", "territory.donbas", "A free economic zone.",
                  content="a free economic zone in Donetsk", date=date(2025, 11, 20)),
        Statement("d4", "UKR", "offer", "territory.donbas", "Kyiv offered a freeze.",
                  content="freeze the current front line", date=date(2025, 12, 1)),
        Statement("d5", "Zelensky", "demand", "security.guarantees", "Zelensky demanded.",
                  content="Article 5-like guarantees", date=date(2025, 12, 2)),
    ]


def test_suggest_rule():
    sc = load_scenario()
    scale = sc.scales["territory.donbas"]
    assert read_point("Ukraine must withdraw from Donbas", scale) == 100
    assert read_point("freeze the current front line", scale) == 40  # longest cue
    neg = suggest_negotiation(_statements(), sc)
    pos = {a: neg.stances[(a, "territory.donbas")].position for a in ("RUS", "UKR", "USA")}
    assert pos["RUS"].value == 100 and pos["RUS"].source == "suggested"
    # prior 10; rejecting Russia's 100 keeps it on the far half; the offer of 40 moves it
    # half way: 10 + 0.5 * (40 - 10)
    assert pos["UKR"].value == pytest.approx(25.0)
    assert "offer in d4" in pos["UKR"].note
    assert pos["USA"].value == 60
    assert neg.stances[("EUR", "territory.donbas")].position.source == "file"
    # a speaker's name resolves to the party
    assert neg.stances[("UKR", "security.guarantees")].position.value == 100


def test_suggest_without_priors_uses_attention_for_salience():
    sc = load_scenario()
    bare = {k: v.model_copy(update={"parties": {}}) for k, v in sc.scales.items()}
    neg = suggest_negotiation(_statements(), sc, bare)
    ukr = neg.stances[("UKR", "territory.donbas")]
    assert ukr.salience.value == pytest.approx(1.0)  # its most discussed issue
    assert ukr.position.value == pytest.approx(20.0)  # reject -> 0, offer -> half way to 40
    assert neg.stances[("UKR", "security.guarantees")].salience.value == pytest.approx(0.6)
    assert neg.actor("UKR").capability == Num(1.0, "suggested", note="no prior: equal capability")


def test_svg_is_wellformed_and_self_contained(data_dir):
    neg = read_decide(data_dir / "decide" / "sample_data.txt")
    neg.issues[0].status_quo = Num(30.0, "analyst")
    fc = run_forecast(neg, draws=100, seed=0, exchange_draws=20)
    svgs = forecast_svgs(fc)
    assert list(svgs) == neg.issue_ids
    for text in svgs.values():
        root = ET.fromstring(text)
        assert root.tag.endswith("svg")
        assert "<script" not in text and "http" not in text.replace("http://www.w3.org", "")
    assert "status quo 30.0" in svgs[neg.issue_ids[0]]


def test_cli_json_and_write_then_edit(data_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "neg.csv"
    res = runner.invoke(fcli.app, ["--input", str(data_dir / "decide" / "sample_data.txt"),
                                   "--draws", "50", "--format", "json", "--model", "median",
                                   "--write", str(out)])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["models"] == ["median"]
    assert payload["issues"][0]["forecasts"]["median"]["value"] == 50.0
    assert read_table(out).stances.keys() == read_decide(
        data_dir / "decide" / "sample_data.txt").stances.keys()


def test_cli_table_from_statements(monkeypatch):
    monkeypatch.setattr(fcli, "_provider", None)
    fcli.set_statements_provider(lambda _db: _statements())
    res = CliRunner().invoke(fcli.app, ["--draws", "20", "--model", "eum"])
    assert res.exit_code == 0, res.output
    assert "territory.donbas" in res.stdout and "Expected utility" in res.stdout
