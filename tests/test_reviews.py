from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.scenario import load_scenario
from stancemap.store import Store
from stancemap.store.reviews import (
    ReviewError,
    add_review,
    restore_reviews,
    reviewed_entries,
    reviewed_statements,
    reviews,
    statement_fingerprint,
)
from tests.serve_data import seed

runner = CliRunner()


def _find(store: Store, actor: str, action: str, issue: str):  # type: ignore[no-untyped-def]
    return next(s for s in store.statements()
                if (s.actor, s.action, s.issue) == (actor, action, issue))


def test_reject_drops_edit_applies_confirm_keeps(store: Store) -> None:
    seed(store)
    scenario = load_scenario()
    rejected = _find(store, "UKR", "reject", "territory.donbas")
    edited = _find(store, "RUS", "demand", "nato.membership")
    confirmed = _find(store, "USA", "propose", "ceasefire")
    add_review(store, rejected, "reject", "ana")
    add_review(store, edited, "edit", "ana", changes={"action": "propose", "target": "UKR"},
               scenario=scenario)
    add_review(store, confirmed, "confirm", "ben", note="checked the post")
    result = reviewed_statements(store)
    assert len(result) == len(store.statements()) - 1
    assert not any(s.sentence == rejected.sentence for s in result)
    [after_edit] = [s for s in result if s.sentence == edited.sentence]
    assert (after_edit.action, after_edit.target, after_edit.issue) == \
        ("propose", "UKR", "nato.membership")
    assert after_edit.extra["review"] == "edited"
    [kept] = [s for s in result if s.sentence == confirmed.sentence and s.doc == confirmed.doc]
    assert kept.extra["review"] == "confirmed"
    trail = reviews(store)
    assert [r.reviewer for r in trail] == ["ana", "ana", "ben"]
    assert trail[1].original["action"] == "demand" and trail[1].changes["action"] == "propose"


def test_later_reviews_win_and_edits_accumulate(store: Store) -> None:
    seed(store)
    statement = _find(store, "RUS", "demand", "nato.membership")
    add_review(store, statement, "reject", "ana")
    add_review(store, statement, "edit", "ben", changes={"date": "2025-10-20"})
    add_review(store, statement, "edit", "ben", changes={"issue": "military.limits"})
    [entry] = [e for e in reviewed_entries(store) if e.original == statement]
    assert entry.status == "edited"
    assert entry.statement.issue == "military.limits"
    assert entry.statement.date is not None and entry.statement.date.isoformat() == "2025-10-20"
    add_review(store, statement, "reject", "cy")
    assert statement.sentence not in {s.sentence for s in reviewed_statements(store)}


def test_reviews_survive_re_extraction(store: Store) -> None:
    ids = seed(store)
    statement = _find(store, "UKR", "reject", "territory.donbas")
    add_review(store, statement, "reject", "ana")
    # Re-extraction deletes and re-creates every row of the article (new row ids).
    again = [replace(s) for s in store.statements(article_id=ids["000"])]
    store.replace_statements(ids["000"], again, "test-2")
    assert statement.sentence not in {s.sentence for s in reviewed_statements(store)}
    assert statement_fingerprint(statement) in {statement_fingerprint(s) for s in again}
    assert len(reviewed_statements(store)) == len(store.statements()) - 1


@pytest.mark.parametrize(("decision", "changes", "reviewer", "message"), [
    ("edit", {"actor": "MARS"}, "ana", "actor: 'MARS' is not one of"),
    ("edit", {"sentence": "x"}, "ana", "'sentence' cannot be edited"),
    ("edit", {"date": "yesterday"}, "ana", "date: not a YYYY-MM-DD date"),
    ("edit", {}, "ana", "nothing to change"),
    ("confirm", {"action": "offer"}, "ana", "only allowed with 'edit'"),
    ("approve", {}, "ana", "decision: 'approve'"),
    ("confirm", {}, "  ", "a name is required"),
])
def test_bad_reviews_are_refused(store: Store, decision: str, changes: dict[str, str],
                                 reviewer: str, message: str) -> None:
    seed(store)
    statement = store.statements()[0]
    with pytest.raises(ReviewError, match=message):
        add_review(store, statement, decision, reviewer, changes=changes,
                   scenario=load_scenario())
    assert reviews(store) == []


def test_positions_report_and_export_read_reviews(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed(store)
    for s in store.statements():
        if (s.actor, s.action, s.issue) == ("RUS", "offer", "territory.south"):
            add_review(store, s, "reject", "ana")
    db = store.url
    result = runner.invoke(app, ["positions", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    cells = {(c["actor"], c["issue"]): c for c in json.loads(result.stdout)["cells"]}
    # With both offers rejected, the June 2024 demand is the latest stance left.
    assert cells[("RUS", "territory.south")]["action"] == "demand"

    result = runner.invoke(app, ["export", "--reviewed", "--format", "jsonl", "--db", db])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(rows) == len(store.statements()) - 2
    assert not any(r["action"] == "offer" for r in rows)
    for field in ("doc", "actor", "speaker", "action", "issue", "target", "content",
                  "attribution", "hedged", "date", "sentence"):
        assert field in rows[0]

    out = tmp_path / "reviewed.jsonl"
    result = runner.invoke(app, ["export", "--reviewed", "--db", db, "-o", str(out)])
    assert result.exit_code == 0
    assert len(out.read_text().splitlines()) == len(rows)
    # Without --reviewed, export is the full backup of the store (stancemap import reads it).
    backup = runner.invoke(app, ["export", "--db", db])
    assert backup.exit_code == 0
    assert len(backup.stdout.splitlines()) > len(rows)

    report = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", db, "-o", str(report)])
    assert result.exit_code == 0
    assert "freeze current frontlines" not in report.read_text()


def test_reviews_restore_from_their_json(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed(store)
    statement = _find(store, "RUS", "demand", "nato.membership")
    add_review(store, statement, "edit", "ana", changes={"action": "propose"})
    add_review(store, statement, "reject", "ben")
    saved = [r.to_json() for r in reviews(store)]
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    seed(fresh)
    assert restore_reviews(fresh, saved) == 2
    assert restore_reviews(fresh, saved) == 0
    assert [r.to_json() | {"id": 0} for r in reviews(fresh)] == \
        [r | {"id": 0} for r in saved]
    assert len(reviewed_statements(fresh)) == len(reviewed_statements(store))
    fresh.close()
