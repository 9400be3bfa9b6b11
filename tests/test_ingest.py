from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from stancemap.cli import app
from stancemap.ingest import IngestError, ingest, read_sources
from stancemap.models import Article, Statement
from stancemap.store import Store
from tests.conftest import EXAMPLES, FIXTURES

runner = CliRunner()


def _articles(sources: list[str], **kwargs: object) -> list[Article | IngestError]:
    return list(read_sources(sources, **kwargs))  # type: ignore[arg-type]


def test_text_file_first_line_is_title_and_stem_is_id() -> None:
    path = next(EXAMPLES.glob("001_*.txt"))
    [article] = _articles([str(path)])
    assert isinstance(article, Article)
    assert article.id == path.stem
    assert article.title and article.title.startswith("In a call with President Trump")
    assert article.text.startswith(article.title)
    assert "Donetsk" in article.text


def test_html_main_text_title_date_and_outlet() -> None:
    [article] = _articles([str(FIXTURES / "talks.html")])
    assert isinstance(article, Article)
    assert article.title == "Envoys meet in Geneva as allies weigh guarantees"
    assert article.published == date(2025, 9, 3)
    assert article.outlet == "The Example Gazette"
    assert "would never accept a cap" in article.text
    assert "Subscribe" not in article.text  # navigation is not article text


def test_jsonl_records_keep_their_fields(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    record = {"id": "x1", "url": "https://example.org/a", "outlet": "example.org",
              "title": "Talks resume", "published": "2025-10-02",
              "text": "Talks resume. Kyiv said it was ready to meet in Istanbul next week.",
              "query": "ignored"}
    corpus.write_text(json.dumps(record) + "\n")
    [article] = _articles([str(corpus)])
    assert isinstance(article, Article)
    assert (article.id, article.url, article.outlet, article.title, article.published) == (
        "x1", "https://example.org/a", "example.org", "Talks resume", date(2025, 10, 2))


def test_folders_are_read_recursively(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(next(EXAMPLES.glob("000_*.txt")), nested)
    shutil.copy(FIXTURES / "talks.html", tmp_path / "a")
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = _articles([str(tmp_path)])
    assert sorted(a.id for a in items if isinstance(a, Article)) == [
        "000_2022ffe775de338b", "talks"]


def test_reingest_is_a_noop(store: Store) -> None:
    first = [e.status for e in ingest([str(EXAMPLES)], store)]
    again = [e.status for e in ingest([str(EXAMPLES)], store)]
    assert first == ["added"] * 3
    assert again == ["duplicate"] * 3
    assert store.count_articles() == 3


def test_same_text_under_another_name_is_a_duplicate(tmp_path: Path, store: Store) -> None:
    source = next(EXAMPLES.glob("000_*.txt"))
    copy = tmp_path / "renamed.txt"
    copy.write_text(source.read_text() + "\n\n")  # trailing whitespace only
    list(ingest([str(source)], store))
    [event] = list(ingest([str(copy)], store))
    assert event.status == "duplicate"
    assert event.article_id == source.stem


def test_article_keeps_ingest_time_and_source(store: Store) -> None:
    list(ingest([str(FIXTURES / "talks.html")], store))
    article = store.get_article("talks")
    assert article is not None
    assert article.ingested_at is not None
    assert article.source and article.source.endswith("talks.html")
    assert article.language == "en"


def test_bad_inputs_each_get_one_line_and_the_rest_goes_through(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x89PNG\x00" * 50)
    latin1 = "Der Außenminister sagte, die Gespräche".encode("latin-1")
    (tmp_path / "latin1.txt").write_bytes(latin1)
    (tmp_path / "huge.txt").write_bytes(b"a" * (5 * 1024 * 1024 + 1))
    shutil.copy(FIXTURES / "nav_only.html", tmp_path / "nav_only.html")
    good = {"id": "ok1", "text": "Kyiv rejected the proposal to hold elections before a truce."}
    (tmp_path / "mixed.jsonl").write_text(
        "{not json\n" + json.dumps(good) + "\n[1, 2]\n" + json.dumps({"id": "z"}) + "\n"
        + json.dumps({"id": "d", "text": "x y z", "published": "last week"}) + "\n")
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), str(tmp_path),
                                 str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if not line.startswith("ingested")]
    expected = {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "latin1.txt": "not UTF-8",
        "huge.txt": "over the 5 MB limit",
        "nav_only.html": "no main text",
        "mixed.jsonl:1": "not valid JSON",
        "mixed.jsonl:3": "not a JSON object",
        "mixed.jsonl:4": "no 'text' field",
        "mixed.jsonl:5": "not a YYYY-MM-DD date",
        "missing.txt": "no such file",
    }
    for where, reason in expected.items():
        matching = [line for line in lines if f"{where}:" in line or line.startswith(
            str(tmp_path / where))]
        assert len(matching) == 1, (where, lines)
        assert reason in matching[0]
    assert len(lines) == len(expected)
    assert Store(f"sqlite:///{db}").count_articles() == 1  # ok1 went through


def test_non_english_is_stored_and_flagged(tmp_path: Path, store: Store) -> None:
    text = ("Президент России заявил, что Москва готова к переговорам, но потребовал, чтобы "
            "Украина отказалась от вступления в НАТО и вывела войска с территорий.")
    (tmp_path / "ru.jsonl").write_text(json.dumps({"id": "ru1", "text": text}) + "\n")
    [event] = list(ingest([str(tmp_path / "ru.jsonl")], store))
    assert event.status == "added"
    assert event.language == "ru"
    stored = store.get_article("ru1")
    assert stored is not None and stored.language == "ru"


def test_failed_batch_loses_nothing_already_stored(tmp_path: Path, store: Store) -> None:
    list(ingest([str(EXAMPLES)], store))
    statement = Statement(doc="000_2022ffe775de338b", actor="RUS", action="demand",
                          issue="territory.donbas", sentence="x")
    store.replace_statements("000_2022ffe775de338b", [statement], "test")
    (tmp_path / "bad.jsonl").write_text("garbage\n" + json.dumps({"id": "000_2022ffe775de338b",
                                                                   "text": "other text"}) + "\n")
    events = list(ingest([str(tmp_path / "bad.jsonl")], store))
    assert [e.status for e in events] == ["error", "conflict"]
    assert store.count_articles() == 3
    assert len(store.statements()) == 1
    original = store.get_article("000_2022ffe775de338b")
    assert original is not None and original.text.startswith("Putin Clings")


def test_url_and_feed_from_a_local_server(web_root: tuple[Path, str], store: Store) -> None:
    root, base = web_root
    shutil.copy(FIXTURES / "talks.html", root / "talks.html")
    (root / "second.html").write_text((FIXTURES / "talks.html").read_text().replace(
        "third round", "fourth round").replace("Geneva", "Istanbul"))
    (root / "feed.xml").write_text(f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example Gazette</title>
<item><title>One</title><link>{base}/talks.html</link>
<pubDate>Wed, 03 Sep 2025 08:00:00 GMT</pubDate></item>
<item><title>Two</title><link>{base}/second.html</link></item>
<item><title>Gone</title><link>{base}/missing.html</link></item>
</channel></rss>""")
    [page] = list(read_sources([f"{base}/talks.html"], allow_local=True))
    assert isinstance(page, Article)
    assert page.url == f"{base}/talks.html"
    assert "cap on the size of its army" in page.text
    events = list(ingest([f"{base}/feed.xml"], store, allow_local=True))
    assert [e.status for e in events] == ["added", "added", "error"]
    assert "HTTP 404" in events[2].detail
    assert store.count_articles() == 2


def test_local_addresses_are_refused_without_allow_local(web_root: tuple[Path, str]) -> None:
    _root, base = web_root
    [item] = _articles([f"{base}/talks.html"])
    assert isinstance(item, IngestError)
    assert "--allow-local" in item.reason


def test_unreachable_url_is_one_error(store: Store) -> None:
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    events = list(ingest(["http://127.0.0.1:9/article"], store, allow_local=True))
    assert [e.status for e in events] == ["error"]
    assert "unreachable" in events[0].detail
