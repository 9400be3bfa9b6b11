from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.models import ArticleInfo, Statement
from stancemap.report.html import render_report
from stancemap.report.positions import build_positions
from stancemap.scenario import load_scenario

runner = CliRunner()


def _statement(doc: str, action: str, day: date | None, sentence: str = "s") -> Statement:
    return Statement(doc=doc, actor="RUS", action=action, issue="ceasefire", sentence=sentence,
                     date=day)


def test_latest_stance_wins_and_support_counts_articles() -> None:
    scenario = load_scenario()
    articles = {d: ArticleInfo(id=d, published=date(2025, 8, n)) for n, d in
                [(1, "a"), (2, "b"), (3, "c")]}
    statements = [_statement("a", "reject", None), _statement("b", "offer", None),
                  _statement("c", "offer", None), _statement("c", "offer", None)]
    positions = build_positions(statements, scenario, articles)
    cell = positions.cell("RUS", "ceasefire")
    assert cell is not None
    assert (cell.action, cell.date, cell.articles) == ("offer", date(2025, 8, 3), ["b", "c"])
    assert len(cell.history) == 4


def test_as_of_redraws_the_map_as_it_stood() -> None:
    scenario = load_scenario()
    articles = {"a": ArticleInfo(id="a", published=date(2025, 8, 1)),
                "b": ArticleInfo(id="b", published=date(2025, 9, 1))}
    statements = [_statement("a", "reject", None), _statement("b", "accept", None)]
    then = build_positions(statements, scenario, articles, as_of=date(2025, 8, 15))
    now = build_positions(statements, scenario, articles)
    assert then.cell("RUS", "ceasefire").action == "reject"  # type: ignore[union-attr]
    assert now.cell("RUS", "ceasefire").action == "accept"  # type: ignore[union-attr]
    assert build_positions(statements, scenario, articles, as_of=date(2025, 7, 1)).cells == {}


def test_statement_date_beats_publication_date() -> None:
    scenario = load_scenario()
    articles = {"a": ArticleInfo(id="a", published=date(2025, 9, 30)),
                "b": ArticleInfo(id="b", published=date(2025, 9, 10))}
    # Article a, published later, restates a June stance: b's stance is the latest.
    statements = [_statement("a", "demand", date(2025, 6, 1)), _statement("b", "offer", None)]
    cell = build_positions(statements, scenario, articles).cell("RUS", "ceasefire")
    assert cell is not None and cell.action == "offer"


def test_report_escapes_hostile_article_text() -> None:
    scenario = load_scenario()
    articles = {"x": ArticleInfo(id="x", title="<script>alert(1)</script>",
                                 url="javascript:alert(2)")}
    statements = [_statement("x", "reject", None,
                             sentence='Moscow rejected it <img src=x onerror="alert(3)">')]
    html = render_report(build_positions(statements, scenario, articles), statements, scenario,
                         articles)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html


def test_positions_and_report_on_an_empty_store(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    assert runner.invoke(app, ["positions", "--db", db]).exit_code == 0
    result = runner.invoke(app, ["report", "--db", db, "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0
    assert "No statements yet" in (tmp_path / "r.html").read_text()


def test_a_reviewed_statement_outweighs_machine_ones_of_the_same_moment() -> None:
    scenario = load_scenario()
    articles = {d: ArticleInfo(id=d, published=date(2025, 8, 1)) for d in "abc"}
    statements = [_statement("a", "offer", None), _statement("b", "offer", None),
                  _statement("c", "propose", None)]
    assert build_positions(statements, scenario, articles).cell(
        "RUS", "ceasefire").action == "offer"  # type: ignore[union-attr]
    statements[2].extra["review"] = "edited"
    assert build_positions(statements, scenario, articles).cell(
        "RUS", "ceasefire").action == "propose"  # type: ignore[union-attr]
