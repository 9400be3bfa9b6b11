"""Hostile inputs for every reader and for extraction, and the judge that runs them.

Shared by tests/test_fuzz.py (few examples, assertions) and benchmarks/fuzz.py (many
examples, counts). The rule checked for every input: it is stored, or it gets error lines
that each name the record, one line each; never an exception, never a half-stored article.
"""

from __future__ import annotations

import http.server
import json
import re
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from stancemap.ingest import IngestEvent, ingest
from stancemap.ingest.text import clean_text
from stancemap.models import Article, content_hash
from stancemap.pipeline import ExtractorLike, run_extraction
from stancemap.scenario import load_scenario
from stancemap.store import Store
from stancemap.store.check import check_store
from tests import harness
from tests.fake_extractor import FakeExtractor

STATUSES = {"added", "duplicate", "conflict", "error"}

# -- strategies ---------------------------------------------------------------------------

SPECIAL = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\u200b", "\u200c", "\u200d", "\u2060",
           "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069",
           "\u2028", "\u2029", "\r", "\r\n", "\n", "\t", "\ufffd", "\U0001f1fa\U0001f1e6",
           "e\u0301", "\uffff", "\U0010ffff", "<", ">", "&", "'", '"', "\\", "]]>", "<!--"]
PROSE = ("Russia demanded that Ukraine withdraw from Donetsk, officials said on Tuesday. "
         "Kyiv rejected the proposal and offered a ceasefire along the current front line. "
         "European leaders proposed security guarantees backed by Washington. ")

hostile_text = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)),
                        max_size=200).map("".join)
# Numbered, so pages of prose are new articles rather than duplicates of each other.
unique_prose = st.integers(0, 10**9).map(lambda n: f"Dispatch number {n}. {PROSE}")
prose_with_noise = st.builds(lambda a, p, b, n: a + p * n + b, hostile_text, unique_prose,
                             hostile_text, st.integers(0, 3))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1251",
             "koi8-r", "shift_jis", "gb18030"]


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


encoded_text = st.builds(_encode, st.one_of(hostile_text, prose_with_noise),
                         st.sampled_from(ENCODINGS))
truncated = st.builds(lambda data, cut: data[:cut], encoded_text, st.integers(0, 2000))
mixed = st.builds(lambda parts: b"".join(parts), st.lists(encoded_text, max_size=4))
hostile_bytes = st.one_of(st.binary(max_size=2000), encoded_text, truncated, mixed,
                          st.builds(lambda b, n: b * n, st.binary(min_size=1, max_size=8),
                                    st.integers(1, 5000)))


def _nested(depth: int, tag: str, close: bool, inner: str) -> str:
    opening = f"<{tag}>" * depth
    return opening + inner + (f"</{tag}>" * depth if close else "")


html_fragment = st.one_of(
    hostile_text,
    unique_prose.map(lambda p: f"<p>{p}</p>"),
    st.builds(_nested, st.integers(1, 3000), st.sampled_from(["div", "p", "b", "table", "a"]),
              st.booleans(), st.one_of(hostile_text, unique_prose)),
    st.sampled_from(["<!--", "<script>", "<style>", "<![CDATA[", "</html>", "<html",
                     "<meta charset='utf-16'>", "<meta charset=bogus>", "&#0;", "&#xD800;",
                     "&#x110000;", "&bogus;", "<title>", "<?xml version='1.0'?>",
                     "<!DOCTYPE html [<!ENTITY a 'aaaa'>]>", "<base href='javascript:x'>",
                     "<time datetime='0000-99-99'>", "<meta property='og:title' content='"]),
)
hostile_html = st.builds(lambda parts: "".join(parts), st.lists(html_fragment, max_size=8))
html_document = st.one_of(
    st.builds(lambda t, body: f"<html><head><title>{t}</title></head><body><article>"
                              f"{body}</article></body></html>", hostile_text, hostile_html),
    hostile_html,
)
html_bytes = st.one_of(st.builds(_encode, html_document, st.sampled_from(ENCODINGS)),
                       hostile_bytes)

json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                        hostile_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=12)
record_fields = st.fixed_dictionaries({}, optional={
    "id": st.one_of(json_value, st.text(max_size=300), st.integers(-10**30, 10**30)),
    "text": st.one_of(json_value, prose_with_noise, hostile_text),
    "title": st.one_of(json_value, hostile_text),
    "outlet": st.one_of(json_value, hostile_text),
    "url": st.one_of(json_value, hostile_text),
    "published": st.one_of(json_value, st.sampled_from(
        ["2025-02-30", "0000-01-01", "9999-12-31T99:99", "2025-W01-1", "yesterday", ""])),
})


# Records that should mostly go in: a fresh id and prose, with hostile metadata.
good_record = st.fixed_dictionaries(
    {"id": st.integers(0, 10**12).map(lambda n: f"rec-{n}"), "text": prose_with_noise},
    optional={"title": hostile_text, "outlet": hostile_text, "url": hostile_text,
              "published": st.dates().map(str)})


def _dumps(value: Any, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)


jsonl_line = st.one_of(
    st.builds(_dumps, good_record, st.booleans()),
    st.builds(_dumps, record_fields, st.booleans()),
    st.builds(_dumps, json_value, st.booleans()),
    st.builds(lambda line, cut: line[:cut], st.builds(_dumps, record_fields, st.booleans()),
              st.integers(0, 200)),
    st.builds(lambda n: "[" * n + "]" * n, st.integers(1, 100_000)),
    st.builds(lambda n: '{"id": ' + "9" * n + ', "text": "x"}', st.integers(1, 10_000)),
    st.sampled_from(['{"id": "s", "text": "Kyiv \\ud800 rejected \\udfff talks again now ok"}',
                     '{"text": "\\u0000\\u0000"}', '{"id": "", "text": "' + PROSE + '"}',
                     '{"id": "a\\nb", "text": "' + PROSE + '"}', "\ufeff{}", "null"]),
)
jsonl_bytes = st.one_of(
    st.builds(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"),
              st.lists(jsonl_line, min_size=1, max_size=5)),
    hostile_bytes,
)
file_name = st.one_of(
    st.just("a"),
    st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
            min_size=1, max_size=60),
    st.sampled_from(["new\nline", "-rf", "'; DROP TABLE articles;--", "\u202eevil", " ",
                     "."]),
)

FEED_LINKS = ["{base}/page.html", "{base}/missing.html", "javascript:alert(1)", "data:,x",
              "file:///etc/passwd", "/page.html", "page.html", "", "   ", "http://[::1",
              "http://127.0.0.1:99999/x", "http://\u2603.example/", "ftp://x/y",
              "{base}/redirect-loop", "{base}/to-file", "{base}/big", "{base}/binary"]


def _rss(title: str, entries: list[tuple[str | None, str | None, str | None]],
         atom: bool) -> str:
    items = []
    for link, entry_title, when in entries:
        if atom:
            items.append("<entry>" + (f"<title>{entry_title}</title>" if entry_title else "")
                         + (f"<link href='{link}'/>" if link is not None else "")
                         + (f"<updated>{when}</updated>" if when else "") + "</entry>")
        else:
            items.append("<item>" + (f"<title>{entry_title}</title>" if entry_title else "")
                         + (f"<link>{link}</link>" if link is not None else "")
                         + (f"<pubDate>{when}</pubDate>" if when else "") + "</item>")
    if atom:
        return (f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                f"<title>{title}</title>{''.join(items)}</feed>")
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
            f"{''.join(items)}</channel></rss>")


feed_entry = st.tuples(st.one_of(st.none(), st.sampled_from(FEED_LINKS), hostile_text),
                       st.one_of(st.none(), hostile_text),
                       st.one_of(st.none(), hostile_text, st.sampled_from(
                           ["Wed, 31 Feb 2025 00:00:00 GMT", "0000-00-00T00:00:00Z",
                            "Mon, 01 Jan 0001 00:00:00 GMT", "2025-13-45"])))
feed_text = st.builds(_rss, hostile_text, st.lists(feed_entry, max_size=4), st.booleans())
feed_bytes = st.one_of(
    st.builds(lambda t: t.encode("utf-8", "replace"), feed_text),
    st.builds(lambda t, cut: t.encode("utf-8", "replace")[:cut], feed_text,
              st.integers(0, 400)),
)
CONTENT_TYPES = ["text/html", "text/html; charset=utf-16", "application/rss+xml",
                 "application/atom+xml", "text/xml", "application/octet-stream", "image/png",
                 "text/plain; charset=bogus", "", "application/json"]
url_response = st.fixed_dictionaries({
    "status": st.sampled_from([200, 200, 200, 201, 204, 301, 302, 303, 307, 308, 404, 500]),
    "type": st.sampled_from(CONTENT_TYPES),
    "body": st.one_of(html_bytes, feed_bytes, st.just(b"")),
    "location": st.one_of(st.none(), st.sampled_from(FEED_LINKS), hostile_text),
    "length": st.one_of(st.none(), st.sampled_from(["abc", "-1", "99999999999", "0",
                                                      "1e3", "5, 6"])),
})


# -- a local server whose answers the fuzzer sets -----------------------------------------


class _Routes:
    def __init__(self) -> None:
        self.table: dict[str, tuple[int, list[tuple[str, str]], bytes]] = {}
        self.lock = threading.Lock()

    def set(self, path: str, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        with self.lock:
            self.table[path] = (status, headers, body)

    def get(self, path: str) -> tuple[int, list[tuple[str, str]], bytes] | None:
        with self.lock:
            return self.table.get(path)


def _handler(routes: _Routes) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            route = routes.get(self.path)
            if self.path == "/slow":
                time.sleep(3)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, headers, body = route
            self.send_response_only(status)
            for name, value in headers:
                self.send_header(name, value)
            if not any(name.lower() == "content-length" for name, _ in headers):
                self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            with suppress(OSError):
                self.wfile.write(body)

    return Handler


@contextmanager
def local_server() -> Iterator[tuple[str, _Routes]]:
    routes = _Routes()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = f"<html><head><title>Page</title></head><body><article><p>{PROSE}</p></article>" \
           "</body></html>"
    routes.set("/page.html", 200, [("Content-Type", "text/html")], page.encode())
    routes.set("/redirect-loop", 302, [("Location", "/redirect-loop")], b"")
    routes.set("/to-file", 302, [("Location", "file:///etc/passwd")], b"")
    routes.set("/big", 200, [("Content-Type", "text/html")], b"<p>a</p>" * 800_000)
    routes.set("/binary", 200, [("Content-Type", "image/png")], bytes(range(256)) * 40)
    try:
        yield base, routes
    finally:
        server.shutdown()
        server.server_close()


# -- the judge --------------------------------------------------------------------------------

_SPECIFIC = re.compile(r"'[^']*'|\"[^\"]*\"|\(id [^)]*\)|\d+(\.\d+)?|http\S*")


def error_class(detail: str) -> str:
    """An error reason without its specifics, for counting kinds of error."""
    return " ".join(_SPECIFIC.sub("#", detail).split())[:70]


@dataclass
class Crash:
    reader: str
    sample: str
    trace: str


@dataclass
class FuzzRun:
    store: Store
    workdir: Path
    base: str = ""
    routes: _Routes | None = None
    extractor: ExtractorLike | None = None
    tried: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    crashes: list[Crash] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    _serial: int = 0

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def _judge(self, reader: str, sample: object, run: Callable[[], list[IngestEvent]],
               source_hint: str) -> list[IngestEvent]:
        self.tried[reader] += 1
        try:
            events = run()
        except BaseException as exc:  # noqa: BLE001 - anything escaping is the finding
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.crashes.append(Crash(reader, repr(sample)[:300], traceback.format_exc()))
            return []
        for event in events:
            self.outcomes[f"{reader} {event.status}"] += 1
            if event.status not in STATUSES:
                self.violations.append(f"{reader}: unknown status {event.status!r}")
            if event.status in ("error", "conflict"):
                self.errors[f"{reader}: {error_class(event.detail)}"] += 1
                line = f"{event.source}: {event.detail}"
                if "\n" in line or "\r" in line or not event.detail:
                    self.violations.append(f"{reader}: error is not one line: {line!r:.200}")
                if not event.source.strip() or source_hint not in event.source:
                    self.violations.append(f"{reader}: error does not name the record "
                                           f"({source_hint!r:.80}): {line!r:.200}")
                if "Traceback" in line:
                    self.violations.append(f"{reader}: traceback in error: {line!r:.200}")
            if event.status == "added":
                self._verify_stored(reader, event)
        return events

    def _verify_stored(self, reader: str, event: IngestEvent) -> None:
        assert event.article_id is not None
        article = self.store.get_article(event.article_id)
        if article is None:
            self.violations.append(f"{reader}: added {event.article_id!r} is not stored")
            return
        if not article.text.strip() or article.hash != content_hash(article.text):
            self.violations.append(f"{reader}: {event.article_id!r} stored half")

    def _ingest(self, source: str) -> list[IngestEvent]:
        return list(ingest([source], self.store, allow_local=True))

    # one method per reader -------------------------------------------------------------

    def file(self, reader: str, suffix: str, data: bytes, name: str = "f") -> None:
        serial = self._next()
        folder = self.workdir / f"in{serial}"
        folder.mkdir()
        try:
            # The serial keeps ids apart; id clashes are tested on their own.
            path = folder / f"{name}{serial}{suffix}"
            path.write_bytes(data)
        except (OSError, ValueError):
            path = folder / f"f{suffix}"
            path.write_bytes(data)
        self._judge(reader, data, lambda: self._ingest(str(path)), str(folder))

    def url(self, response: dict[str, Any]) -> None:
        assert self.routes is not None
        path = f"/r{self._next()}"
        headers = [("Content-Type", response["type"])] if response["type"] else []
        if response["location"] is not None:
            headers.append(("Location", "".join(ch for ch in response["location"]
                                                if " " <= ch < "\x7f")))
        if response["length"] is not None:
            headers.append(("Content-Length", response["length"]))
        self.routes.set(path, response["status"], headers, response["body"])
        url = self.base + path
        # No hint: when the answer is a feed, each entry's error names the entry's link.
        self._judge("url", response, lambda: self._ingest(url), "")

    def feed(self, body: bytes) -> None:
        assert self.routes is not None
        path = f"/feed{self._next()}.xml"
        self.routes.set(path, 200, [("Content-Type", "application/rss+xml")],
                        body.replace(b"{base}", self.base.encode()))
        url = self.base + path
        self._judge("feed", body, lambda: self._ingest(url), "")

    def extract(self, texts: list[str]) -> None:
        self.tried["extract"] += 1
        try:
            for text in texts:
                # Articles reach the store only through the readers, which clean the text;
                # extraction is fuzzed with what they would store.
                cleaned = clean_text(text)
                if cleaned.strip():
                    self.store.add_article(Article(id=f"x{self._next()}", text=cleaned,
                                                   language="en"))
            summary = run_extraction(self.store, load_scenario(None),
                                     extractor=self.extractor)
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, KeyboardInterrupt):
                raise
            self.crashes.append(Crash("extract", repr(texts)[:300], traceback.format_exc()))
            return
        for article_id, reason in summary.failed:
            self.errors[f"extract: {error_class(reason)}"] += 1
            self.violations.append(f"extract: article {article_id} failed: {reason:.200}")

    def final_check(self) -> list[str]:
        report = check_store(self.store)
        return [f"{r.name}: {e}" for r in report.results for e in r.examples]


def extractor_for_fuzzing() -> ExtractorLike:
    """The real engine when it is importable, the test double otherwise."""
    if harness.real_extractor_available():
        from stancemap.extract import Extractor

        return Extractor(load_scenario(None))  # type: ignore[no-any-return]
    return FakeExtractor()


@contextmanager
def fuzz_run(*, with_server: bool = True) -> Iterator[FuzzRun]:
    with tempfile.TemporaryDirectory(prefix="stancemap-fuzz-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'fuzz.db'}")
        run = FuzzRun(store=store, workdir=Path(tmp), extractor=extractor_for_fuzzing())
        try:
            if with_server:
                with local_server() as (base, routes):
                    run.base, run.routes = base, routes
                    yield run
            else:
                yield run
        finally:
            store.close()
