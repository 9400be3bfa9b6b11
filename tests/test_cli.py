"""The whole pipeline through the real command line, on the bundled examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.scenario import load_scenario
from stancemap.store import Store
from tests.conftest import EXAMPLES

runner = CliRunner()
SPEC_FIELDS = {"doc", "actor", "speaker", "action", "issue", "target", "content",
               "attribution", "hedged", "date", "sentence"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict]]:
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    assert runner.invoke(app, ["ingest", "--db", db, "--quiet", str(EXAMPLES)]).exit_code == 0
    result = runner.invoke(app, ["extract", "--db", db, "--quiet", "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return db, rows


def test_extract_jsonl_is_in_the_spec_format(demo: tuple[str, list[dict]]) -> None:
    db, rows = demo
    scenario = load_scenario()
    assert rows
    store = Store(db)
    texts = {a.id: a.text for a in store.articles()}
    for row in rows:
        assert set(row) >= SPEC_FIELDS
        assert row["actor"] in scenario.parties
        assert row["issue"] in scenario.issues
        assert row["action"] in scenario.actions
        assert isinstance(row["hedged"], bool)
        assert texts[row["doc"]][row["start"]:row["end"]] == row["sentence"]
        assert 0.0 <= row["confidence"] <= 1.0
    assert {r["doc"] for r in rows} == {p.stem for p in EXAMPLES.glob("*.txt")}


def test_extract_again_adds_nothing(demo: tuple[str, list[dict]]) -> None:
    db, rows = demo
    result = runner.invoke(app, ["extract", "--db", db, "--quiet"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(rows)
    redo = runner.invoke(app, ["extract", "--db", db, "--quiet", "--all"])
    assert sorted(redo.stdout.splitlines()) == sorted(result.stdout.splitlines())


def test_positions_on_the_demo(demo: tuple[str, list[dict]]) -> None:
    db, rows = demo
    table = runner.invoke(app, ["positions", "--db", db])
    assert table.exit_code == 0
    assert "territory.donbas" in table.stdout
    data = json.loads(runner.invoke(app, ["positions", "--db", db, "--format", "json"]).stdout)
    cells = {(c["actor"], c["issue"]): c for c in data["cells"]}
    donbas = cells[("RUS", "territory.donbas")]
    assert donbas["action"] == "demand"
    assert donbas["articles"] == 3


def test_report_on_the_demo(demo: tuple[str, list[dict]], tmp_path: Path) -> None:
    db, rows = demo
    output = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", db, "-o", str(output)])
    assert result.exit_code == 0
    html = output.read_text()
    assert "<script" not in html and "http" not in html.split("<body>")[0].replace(
        'name="viewport"', "")  # self-contained: nothing loaded from elsewhere
    assert html.count('class="stmt"') == len(rows)
    assert 'id="issue-territory.donbas"' in html
    assert "<svg" in html


def test_non_english_articles_are_skipped_and_counted(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "fr1", "text": "Le président ukrainien a rejeté la demande russe de céder le "
                              "Donbass et a appelé à un cessez-le-feu immédiat."},
        {"id": "en1", "text": "Kyiv rejected the Russian demand to withdraw from Donetsk, "
                              "the Ukrainian foreign minister said on Monday."},
    ]) + "\n")
    runner.invoke(app, ["ingest", "--db", db, "--quiet", str(corpus)])
    result = runner.invoke(app, ["extract", "--db", db, "--format", "none"])
    assert result.exit_code == 0
    assert "1 article skipped as not in the scenario's language: fr 1" in result.stderr
    assert {s.doc for s in Store(db).statements()} <= {"en1"}


def test_groups_and_sources_on_the_demo(demo: tuple[str, list[dict]]) -> None:
    db, _rows = demo
    result = runner.invoke(app, ["groups", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0
    group = {r["doc"][:3]: r["group"] for r in map(json.loads, result.stdout.splitlines())}
    assert group["001"] == group["002"] != group["000"]
    sources = json.loads(runner.invoke(app, ["sources", "--db", db, "--format", "json"]).stdout)
    origins = {g["origin"]: len(g["members"]) for g in sources}
    assert origins == {"Reuters": 1, "The Washington Post": 2}


def test_positions_count_independent_reports(demo: tuple[str, list[dict]]) -> None:
    db, _rows = demo
    data = json.loads(runner.invoke(app, ["positions", "--db", db, "--format", "json"]).stdout)
    donbas = {(c["actor"], c["issue"]): c for c in data["cells"]}[("RUS", "territory.donbas")]
    # Three articles, but 001 and 002 re-tell one Washington Post report.
    assert (donbas["articles"], donbas["sources"]) == (3, 2)
    assert set(donbas["origins"]) == {"Reuters", "The Washington Post"}


def test_report_charts_the_forecast_per_scaled_issue(demo: tuple[str, list[dict]],
                                                     tmp_path: Path) -> None:
    db, _rows = demo
    with_forecast, without = tmp_path / "f.html", tmp_path / "n.html"
    assert runner.invoke(app, ["report", "--db", db, "-o", str(with_forecast),
                               "--forecast-draws", "20"]).exit_code == 0
    assert runner.invoke(app, ["report", "--db", db, "-o", str(without),
                               "--forecast-draws", "-1"]).exit_code == 0
    html = with_forecast.read_text()
    assert "Where a deal could land" in html
    assert 'id="forecast-territory.donbas"' in html
    assert "Where a deal could land" not in without.read_text()
