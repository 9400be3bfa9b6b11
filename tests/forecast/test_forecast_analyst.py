"""The analyst's stored numbers: validation, how they apply over the suggestion, and that
the CLI and the report (also as of a day) forecast with them."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.forecast.analyst import apply_edits, issue_numbers
from stancemap.forecast.cli import analyst_negotiation
from stancemap.forecast.runner import run_forecast
from stancemap.forecast.suggest import suggest_negotiation
from stancemap.models import Article, Statement
from stancemap.report.forecast_section import forecast_section
from stancemap.scenario import load_scenario
from stancemap.store import Store
from stancemap.store.backup import export_jsonl, import_jsonl
from stancemap.store.check import check_store
from stancemap.store.forecast_edits import (
    ForecastEdit,
    ForecastEditError,
    ForecastEditRow,
    add_forecast_edit,
    forecast_edits,
)

DONBAS = "territory.donbas"
runner = CliRunner()


def _statements() -> list[Statement]:
    return [
        Statement("d1", "RUS", "demand", DONBAS, "Putin demanded it.",
                  content="Ukraine must withdraw from Donbas", date=date(2025, 8, 15)),
        Statement("d2", "USA", "propose", DONBAS, "A free economic zone.",
                  content="a free economic zone in Donetsk", date=date(2025, 11, 20)),
        Statement("d3", "UKR", "offer", DONBAS, "Kyiv offered a freeze.",
                  content="freeze the current front line", date=date(2025, 12, 1)),
    ]


def _edit(field: str, value: float | None, spread: float | None = None, party: str = "UKR",
          issue: str = DONBAS, when: datetime = datetime(2025, 12, 5, 9)) -> ForecastEdit:
    return ForecastEdit(0, issue, party, field, value, spread, "Ann", "talked to Kyiv", when)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = Store(f"sqlite:///{tmp_path / 'f.db'}")
    for st in _statements():
        db.add_article(Article(st.doc, st.sentence + " " + st.content))
        db.replace_statements(st.doc, [replace(st, start=0, end=len(st.sentence))], "test")
    return db


def test_an_edit_makes_the_number_the_analysts_and_moves_the_forecast():
    sc = load_scenario()
    neg = suggest_negotiation(_statements(), sc)
    before = neg.stances[("UKR", DONBAS)].position
    assert before.source == "suggested"
    edited = apply_edits(neg, [_edit("position", 0.0, 5.0)])
    pos = edited.stances[("UKR", DONBAS)].position
    assert (pos.value, pos.source, pos.spread) == (0.0, "analyst", 5.0)
    assert "Ann" in pos.note and f"suggested {before.value:g}" in pos.note
    assert neg.stances[("UKR", DONBAS)].position is before  # the input is left alone
    old = run_forecast(neg, ["compromise"], draws=0).results["compromise"][DONBAS].value
    new = run_forecast(edited, ["compromise"], draws=0).results["compromise"][DONBAS].value
    assert old is not None and new is not None and new < old


def test_latest_edit_counts_spread_alone_keeps_the_value_and_reset_returns():
    neg = suggest_negotiation(_statements(), load_scenario())
    sug = neg.stances[("RUS", DONBAS)].salience
    later = datetime(2025, 12, 6)
    spread_only = apply_edits(neg, [_edit("salience", 0.1, party="RUS"),
                                    _edit("salience", None, 0.02, party="RUS", when=later)])
    sal = spread_only.stances[("RUS", DONBAS)].salience
    assert (sal.value, sal.source, sal.spread) == (sug.value, sug.source, 0.02)
    reset = apply_edits(neg, [_edit("salience", 0.1, party="RUS"),
                              _edit("salience", None, party="RUS", when=later)])
    assert reset.stances[("RUS", DONBAS)].salience == sug


def test_a_party_without_a_stance_is_placed_once_position_and_salience_are_set():
    sc = load_scenario()
    neg = suggest_negotiation(_statements(), sc)
    issue = "territory.south"
    absent = next(p for p in sc.party_ids if (p, issue) not in neg.stances)
    names = {pid: p.name for pid, p in sc.parties.items()}
    half = apply_edits(neg, [_edit("position", 30.0, party=absent, issue=issue)], names)
    assert (absent, issue) not in half.stances
    whole = apply_edits(neg, [_edit("position", 30.0, party=absent, issue=issue),
                              _edit("salience", 0.4, party=absent, issue=issue)], names)
    st = whole.stances[(absent, issue)]
    assert (st.position.value, st.salience.value, st.position.source) == (30.0, 0.4, "analyst")
    assert absent in whole.actor_ids
    rows = {r["party"]: r for r in issue_numbers(neg, whole, issue, sc.party_ids)}
    assert rows[absent]["position"]["source"] == "analyst"
    assert rows[absent]["suggested_position"] is None


def test_capability_edit_is_per_issue():
    neg = suggest_negotiation(_statements(), load_scenario())
    edited = apply_edits(neg, [_edit("capability", 2.0, party="RUS")])
    assert edited.capability("RUS", DONBAS).value == 2.0
    assert edited.capability("RUS", DONBAS).source == "analyst"
    other = next(i for i in edited.issue_ids
                 if i != DONBAS and ("RUS", i) in edited.stances)
    assert edited.capability("RUS", other) == neg.capability("RUS", other)


def test_store_validates_and_keeps_the_trail(store: Store):
    sc = load_scenario()
    with pytest.raises(ForecastEditError, match="off the scale"):
        add_forecast_edit(store, DONBAS, "UKR", "position", 140, "Ann", scenario=sc)
    with pytest.raises(ForecastEditError, match="between 0 and 1"):
        add_forecast_edit(store, DONBAS, "UKR", "salience", "1.5", "Ann", scenario=sc)
    with pytest.raises(ForecastEditError, match="field"):
        add_forecast_edit(store, DONBAS, "UKR", "mood", 1, "Ann", scenario=sc)
    with pytest.raises(ForecastEditError, match="party"):
        add_forecast_edit(store, DONBAS, "XXX", "position", 1, "Ann", scenario=sc)
    with pytest.raises(ForecastEditError, match="analyst"):
        add_forecast_edit(store, DONBAS, "UKR", "position", 1, " ", scenario=sc)
    with pytest.raises(ForecastEditError, match="spread"):
        add_forecast_edit(store, DONBAS, "UKR", "position", 1, "Ann", spread=-1, scenario=sc)
    add_forecast_edit(store, DONBAS, "UKR", "position", "20", "Ann", scenario=sc)
    add_forecast_edit(store, DONBAS, "UKR", "position", 5, "Bob", spread="2", scenario=sc)
    edits = forecast_edits(store)
    assert [(e.analyst, e.value, e.spread) for e in edits] == [("Ann", 20.0, None),
                                                              ("Bob", 5.0, 2.0)]
    assert forecast_edits(store, until=edits[0].created_at - timedelta(seconds=1)) == []
    neg = analyst_negotiation(store.statements(), sc, edits)
    assert neg.stances[("UKR", DONBAS)].position.value == 5.0


def test_cli_forecast_uses_the_stored_edits(store: Store):
    db = store.url
    args = ["forecast", "--db", db, "--draws", "0", "--model", "compromise",
            "--format", "json"]
    before = json.loads(runner.invoke(app, args).stdout)
    add_forecast_edit(store, DONBAS, "UKR", "position", 0, "Ann", scenario=load_scenario())
    after = json.loads(runner.invoke(app, args).stdout)

    def donbas(payload: dict) -> dict:
        return next(i for i in payload["issues"] if i["issue"] == DONBAS)

    assert donbas(before)["positions"]["UKR"]["position_source"] == "suggested"
    assert donbas(after)["positions"]["UKR"]["position_source"] == "analyst"
    assert donbas(after)["positions"]["UKR"]["position"] == 0
    assert (donbas(after)["forecasts"]["compromise"]["value"]
            < donbas(before)["forecasts"]["compromise"]["value"])


def _charts(html: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html, flags=re.S)


def test_forecast_section_as_of_uses_the_statements_up_to_that_day():
    sc = load_scenario()
    day = date(2025, 11, 30)
    early = [s for s in _statements() if s.date is not None and s.date <= day]
    assert 0 < len(early) < len(_statements())
    as_of = forecast_section(_statements(), sc, draws=20, articles={}, as_of=day)
    only_early = forecast_section(early, sc, draws=20)
    everything = forecast_section(_statements(), sc, draws=20)
    assert as_of is not None and only_early is not None and everything is not None
    assert "as of 2025-11-30" in as_of
    assert _charts(as_of) == _charts(only_early)
    assert _charts(as_of) != _charts(everything)  # the later offer moved Ukraine


def test_report_as_of_applies_to_the_forecast(store: Store, tmp_path: Path):
    full, early = tmp_path / "full.html", tmp_path / "early.html"
    common = ["report", "--db", store.url, "--forecast-draws", "20"]
    assert runner.invoke(app, [*common, "-o", str(full)]).exit_code == 0
    res = runner.invoke(app, [*common, "-o", str(early), "--as-of", "2025-11-30"])
    assert res.exit_code == 0, res.output
    section = forecast_section(
        [s for s in store.statements() if s.date and s.date <= date(2025, 11, 30)],
        load_scenario(), draws=20)
    assert section is not None
    early_html = early.read_text()
    assert "as of 2025-11-30" in early_html
    donbas = next(c for c in _charts(section) if "Donetsk" in c or "Donbas" in c)
    assert donbas in early_html
    assert donbas not in full.read_text()


def test_report_as_of_leaves_out_later_edits(store: Store, tmp_path: Path):
    add_forecast_edit(store, DONBAS, "UKR", "position", 0, "Ann", scenario=load_scenario())
    today = datetime.now().date()
    out_then, out_now = tmp_path / "then.html", tmp_path / "now.html"
    common = ["report", "--db", store.url, "--forecast-draws", "0"]
    runner.invoke(app, [*common, "-o", str(out_then),
                        "--as-of", (today - timedelta(days=2)).isoformat()])
    runner.invoke(app, [*common, "-o", str(out_now),
                        "--as-of", (today + timedelta(days=1)).isoformat()])
    assert "set by an analyst" not in out_then.read_text()
    assert "1 of these numbers was set by an analyst" in out_now.read_text()


def test_edits_travel_in_backups_and_are_checked(store: Store, tmp_path: Path):
    add_forecast_edit(store, DONBAS, "UKR", "position", 12.5, "Ann", spread=3,
                      note="after the call", scenario=load_scenario())
    buffer = io.StringIO()
    counts = export_jsonl(store, buffer)
    assert counts.get("forecast_edit") == 1
    copy = Store(f"sqlite:///{tmp_path / 'copy.db'}")
    import_jsonl(copy, buffer.getvalue().splitlines())
    [edit] = forecast_edits(copy)
    assert (edit.party, edit.value, edit.spread, edit.note) == ("UKR", 12.5, 3.0,
                                                                "after the call")
    assert all(r.ok for r in check_store(copy).results)
    with copy.writing() as session:  # a number no form would have let through
        session.add(ForecastEditRow(issue=DONBAS, party="UKR", field="salience", value=7.0,
                                    spread=None, analyst="x", note="", created_at=datetime.now()))
    bad = {r.name: r for r in check_store(copy).results}["forecast_edits"]
    assert not bad.ok and "between 0 and 1" in bad.examples[0]
