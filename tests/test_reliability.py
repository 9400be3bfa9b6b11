"""Crash consistency, concurrent writers, `check`, export/import and SQL safety."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.ingest import ingest
from stancemap.models import Article, Statement
from stancemap.pipeline import run_extraction
from stancemap.scenario import load_scenario
from stancemap.store import Store, backup
from stancemap.store.backup import ImportError_, export_jsonl, import_jsonl
from stancemap.store.check import check_store, register_check, registered_checks
from tests import harness
from tests.conftest import EXAMPLES
from tests.fake_extractor import FakeExtractor
from tests.reliability_corpus import write_corpus

runner = CliRunner()


class _TestBase(DeclarativeBase):
    pass


class SignatureRow(_TestBase):
    """Shaped like the provenance table another module adds: keyed by article, binary."""

    __tablename__ = "test_signatures"
    article_id: Mapped[str] = mapped_column(String(200),
                                            primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


def _extracted_store(store: Store, tmp_path: Path) -> Store:
    list(ingest([str(EXAMPLES), str(write_corpus(tmp_path / "c.jsonl", range(20)))], store))
    run_extraction(store, load_scenario(None), extractor=FakeExtractor())
    return store


# -- crash consistency -------------------------------------------------------------------


def test_sigkill_during_ingest_and_extract_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    sources = [str(EXAMPLES), str(write_corpus(tmp_path / "corpus.jsonl", range(60)))]
    env = harness.cli_env(fake_delay=0.01)
    reference_db = tmp_path / "reference.db"
    ingest_time, extract_time = harness.build_reference(reference_db, sources, env)
    reference = harness.snapshot(reference_db)
    assert sum(reference.statements.values()) > 50
    rng = random.Random(9)
    for trial in range(3):
        result = harness.crash_trial(tmp_path / f"crash{trial}.db", sources, reference, env,
                                     ingest_time, extract_time, rng)
        assert result.errors == []
        assert (result.difference.lost, result.difference.duplicated) == (0, 0)
        assert result.check_ok, result.check_problems


# -- concurrency ---------------------------------------------------------------------------


def test_two_ingests_of_overlapping_corpora_at_once(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a.jsonl", range(0, 250))
    second = write_corpus(tmp_path / "b.jsonl", range(100, 350))
    db = tmp_path / "shared.db"  # new file: both runs also race to create the tables
    env = harness.cli_env()
    runs = [subprocess.Popen(harness.cli_command(*harness.ingest_args(db, [str(p), str(EXAMPLES)])),
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for p in (first, second)]
    outputs = [run.communicate(timeout=240) for run in runs]
    for run, (_out, errors) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, errors
        assert "locked" not in errors and "Traceback" not in errors
    store = Store(str(db))
    assert store.count_articles() == 350 + 3
    connection = sqlite3.connect(str(db))
    assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT hash) FROM articles"
                              ).fetchone() == (353, 353)
    connection.close()
    assert check_store(store).ok


def test_concurrent_extract_runs_do_not_duplicate_statements(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    env = harness.cli_env()
    assert harness.run_cli(harness.ingest_args(
        db, [str(write_corpus(tmp_path / "c.jsonl", range(150)))]), env).returncode == 0
    runs = [subprocess.Popen(harness.cli_command(*harness.extract_args(db)), env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for run in runs:
        _out, errors = run.communicate(timeout=240)
        assert run.returncode == 0, errors
    report = check_store(Store(str(db)))
    assert report.ok, report.to_json()
    assert report.statements > 100


# -- check --------------------------------------------------------------------------------


def test_check_passes_on_a_sound_store_and_names_each_broken_invariant(
        tmp_path: Path) -> None:
    # SQLite only: the invariants are broken behind the store's back with sqlite3.
    store = Store(f"sqlite:///{tmp_path / 'check.db'}")
    _extracted_store(store, tmp_path)
    assert check_store(store).ok
    db = store.url.removeprefix("sqlite:///")
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA foreign_keys=OFF")
    [(sid, aid)] = connection.execute(
        "SELECT id, article_id FROM statements ORDER BY id LIMIT 1").fetchall()
    connection.execute('UPDATE statements SET "end" = "end" + 1 WHERE id = ?', (sid,))
    connection.execute("UPDATE statements SET start = 999999, \"end\" = 1000000 "
                       "WHERE id = (SELECT MAX(id) FROM statements)")
    connection.execute("INSERT INTO statements (article_id, actor, action, issue, content, "
                       "hedged, sentence, start, \"end\", confidence, extra) "
                       "VALUES ('ghost', 'RUS', 'demand', 'x', '', 0, 's', 0, 1, 0.5, '{}')")
    connection.execute("UPDATE articles SET text = text || ' tampered' WHERE id = ?", (aid,))
    connection.commit()
    connection.close()
    report = check_store(store)
    failed = {r.name: r.problems for r in report.results if not r.ok}
    # The tampered article's own statements no longer line up either.
    assert failed["orphan_statements"] == 1
    assert failed["statement_offsets"] >= 2
    assert failed["article_hashes"] == 1
    assert failed["sqlite_integrity"] == 1  # foreign_key_check sees the orphan
    result = runner.invoke(app, ["check", "--db", db, "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["ok"] is False


def test_check_cli_exit_codes(tmp_path: Path, store: Store) -> None:
    _extracted_store(store, tmp_path)
    db = store.url.removeprefix("sqlite:///")
    result = runner.invoke(app, ["check", "--db", db])
    assert result.exit_code == 0, result.output
    assert "store is consistent" in result.stdout
    missing = runner.invoke(app, ["check", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 2
    assert not (tmp_path / "nope.db").exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    broken = runner.invoke(app, ["check", "--db", str(garbage), "--format", "json"])
    assert broken.exit_code == 1
    assert json.loads(broken.stdout)["ok"] is False


def test_check_detects_a_damaged_page(tmp_path: Path) -> None:
    # SQLite only: the file itself is damaged.
    store = Store(f"sqlite:///{tmp_path / 'damaged.db'}")
    _extracted_store(store, tmp_path)
    store.close()
    db = Path(store.url.removeprefix("sqlite:///"))
    connection = sqlite3.connect(str(db))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(db.read_bytes())
    page = 4096
    # Wreck the b-tree headers of pages 2-4; page 1 stays readable so the file still opens.
    for number in (1, 2, 3):
        data[page * number:page * number + 12] = b"\xff" * 12
    db.write_bytes(bytes(data))
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 1


def test_modules_can_register_their_own_checks(store: Store) -> None:
    @register_check("test_always_fails", "a check added by another module")
    def _fails(_store: Store):  # type: ignore[no-untyped-def]
        yield "group g1: member a0001 does not exist"

    try:
        report = check_store(store)
        [result] = [r for r in report.results if r.name == "test_always_fails"]
        assert not result.ok and result.examples == ["group g1: member a0001 does not exist"]
        assert not report.ok
    finally:
        from stancemap.store import check
        check._CHECKS.pop("test_always_fails")
    assert "test_always_fails" not in registered_checks()


# -- export / import ------------------------------------------------------------------------


def _awkward_store(store: Store) -> None:
    text = ("Kyiv rejected the plan.\x0b Zero\u200bwidth and \u202eRTL\u202c text; "
            "Moscow demanded 🇺🇦 nothing. 'quotes' \"and\" \\backslashes\\.")
    article = Article(id="odd'); DROP TABLE articles; --", text=text,
                      title="<script>alert(1)</script>", outlet="O'Brien \"Gazette\"",
                      url="https://x.example/?q=1&r='2'", published=date(2025, 2, 28),
                      language="en", source="/tmp/a b.txt",
                      ingested_at=datetime(2025, 3, 1, 12, 30, 5, 123456))
    assert store.add_article(article).status == "added"
    sentence = "Moscow demanded 🇺🇦 nothing."
    start = text.index(sentence)
    store.replace_statements(article.id, [
        Statement(doc=article.id, actor="RUS", action="demand", issue="x.y", sentence=sentence,
                  start=start, end=start + len(sentence), speaker=None, hedged=True,
                  date=date(2025, 1, 2), confidence=0.123456789,
                  extra={"nested": {"a": [1, 2, None]}, "quote": "it's"}),
        Statement(doc=article.id, actor="UKR", action="reject", issue="x.z",
                  sentence="Kyiv rejected the plan.", start=0, end=23, content="plan"),
    ], "test / v1")


def test_export_import_round_trips_exactly(tmp_path: Path, store: Store) -> None:
    _extracted_store(store, tmp_path)
    _awkward_store(store)
    first = tmp_path / "first.jsonl"
    with first.open("w", encoding="utf-8") as handle:
        counts = export_jsonl(store, handle)
    assert counts["article"] == store.count_articles()
    result = runner.invoke(app, ["import", "--db", str(tmp_path / "copy.db"), str(first)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["export", "--db", str(tmp_path / "copy.db"), "--format",
                                "jsonl", "-o", str(tmp_path / "second.jsonl")])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "second.jsonl").read_bytes() == first.read_bytes()
    copy = Store(str(tmp_path / "copy.db"))
    assert copy.statements() == store.statements()
    assert [a for a in copy.articles()] == [a for a in store.articles()]
    assert check_store(copy).ok


def test_import_refuses_a_non_empty_store_and_bad_files_import_nothing(
        tmp_path: Path, store: Store) -> None:
    _awkward_store(store)
    lines = []
    with (tmp_path / "e.jsonl").open("w", encoding="utf-8") as handle:
        export_jsonl(store, handle)
    lines = (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ImportError_, match="not empty"):
        import_jsonl(store, lines)
    bad_cases = {
        "no header": lines[1:],
        "unknown type": [*lines, json.dumps({"type": "mystery"})],
        "statement of missing article": [lines[0], *lines[2:]],
        "truncated": [*lines[:-1], lines[-1][:40]],
        "wrong field type": [*lines[:2], lines[2].replace('"start": ', '"start": "') + ""],
    }
    for case, content in bad_cases.items():
        empty = Store(f"sqlite:///{tmp_path / (case.replace(' ', '_') + '.db')}")
        with pytest.raises(ImportError_):
            import_jsonl(empty, content)
        assert empty.count_articles() == 0, case
        assert empty.statements() == [], case
        empty.close()
    (tmp_path / "bad.jsonl").write_text("\n".join(bad_cases["truncated"]) + "\n")
    result = runner.invoke(app, ["import", "--db", str(tmp_path / "cli.db"),
                                 str(tmp_path / "bad.jsonl")])
    assert result.exit_code == 1
    assert "bad.jsonl:" in result.stderr


# -- SQL safety -------------------------------------------------------------------------------

HOSTILE = ["'); DROP TABLE articles; --", "\"; DELETE FROM statements; --",
           "<script>alert('x')</script>", "Robert'); DROP TABLE statements;--", "%_\\"]


def test_hostile_strings_are_stored_verbatim_and_harm_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "hostile.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for n, value in enumerate(HOSTILE):
            handle.write(json.dumps({
                "id": f"{value}-{n}", "title": value, "outlet": value, "url": value,
                "text": f"Russia demanded a ceasefire, {value} officials said on day {n}. "
                        "Ukraine rejected the offer of talks in Istanbul."}) + "\n")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(
        (harness.ROOT / "scenarios" / "ukraine-2025.yaml").read_text(encoding="utf-8")
        .replace("name: ukraine-2025",
                 "name: \"'); DROP TABLE articles; -- <script>alert('x')</script>\"", 1),
        encoding="utf-8")
    db = tmp_path / "h.db"
    env = harness.cli_env()
    assert harness.run_cli(harness.ingest_args(db, [str(corpus)]), env).returncode == 0
    done = harness.run_cli(["extract", "--db", str(db), "-q", "--format", "none",
                            "--scenario", str(scenario)], env)
    assert done.returncode == 0, done.stderr
    report = harness.run_cli(["report", "--db", str(db), "--scenario", str(scenario),
                              "-o", str(tmp_path / "r.html")], env)
    assert report.returncode == 0, report.stderr
    store = Store(str(db))
    stored = {a.id: a for a in store.articles()}
    for n, value in enumerate(HOSTILE):
        article = stored[f"{value}-{n}"]
        assert (article.title, article.outlet, article.url) == (value, value, value)
    assert store.statements()
    assert check_store(store).ok
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" not in html


def test_registered_sections_round_trip_including_binary_columns(tmp_path: Path) -> None:
    # A stand-in for tables other modules add (reviews, provenance groups): registered once,
    # exported and imported with the rest, binary columns included.
    backup.register_section(backup.Section("test_signature", SignatureRow, order=15))
    try:
        stores = []
        for name in ("a", "b"):
            store = Store(f"sqlite:///{tmp_path / name}.db")
            _TestBase.metadata.create_all(store.engine)
            stores.append(store)
        source, target = stores
        _awkward_store(source)
        [article] = list(source.articles())
        with source.writing() as session:
            session.add(SignatureRow(article_id=article.id, seq=1,
                                     signature=bytes(range(256))))
        with (tmp_path / "e.jsonl").open("w", encoding="utf-8") as handle:
            counts = export_jsonl(source, handle)
        assert counts == {"article": 1, "test_signature": 1, "statement": 2}
        lines = (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
        import_jsonl(target, lines)
        with target.session() as session:
            [row] = session.query(SignatureRow).all()
            assert row.signature == bytes(range(256))
        with (tmp_path / "f.jsonl").open("w", encoding="utf-8") as handle:
            export_jsonl(target, handle)
        assert (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines() == lines
    finally:
        backup._SECTIONS.pop("test_signature")


def test_one_article_at_a_time_extractors_keep_the_error_contract() -> None:
    from stancemap.isolation import extract_each
    from stancemap.models import Article

    def extract(article: Article) -> list:  # type: ignore[type-arg]
        if "broken" in article.text:
            raise ValueError("unreadable")
        return []

    arts = [Article(id=str(n), text=t) for n, t in enumerate(["fine", "broken", "fine too"])]
    seen: list[str] = []
    done = [a.id for a, _ in extract_each(extract, arts, lambda a, e: seen.append(a.id))]
    assert done == ["0", "2"] and seen == ["1"]
    with pytest.raises(ValueError, match="unreadable"):
        list(extract_each(extract, arts))
