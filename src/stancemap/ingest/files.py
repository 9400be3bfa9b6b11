"""Readers for files on disk: plain text, HTML pages and JSON Lines corpus records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import trafilatura

from stancemap.ingest.errors import MAX_BYTES, IngestError
from stancemap.ingest.text import (
    TextError,
    clean_field,
    clean_text,
    decode_text,
    looks_binary,
    path_text,
)
from stancemap.models import Article

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

Item = Article | IngestError
MIN_ARTICLE_WORDS = 8
# Column sizes in store/schema.py; PostgreSQL enforces them, so the readers do.
MAX_ID = 200
MAX_OUTLET = 300
MAX_TITLE = 1000
MAX_URL = 4000


def check_id(article_id: str) -> str | None:
    """Why an article id cannot be used, or None when it can."""
    if not article_id.strip():
        return "the article id is empty"
    if len(article_id) > MAX_ID:
        return f"the article id is {len(article_id)} characters, over the {MAX_ID} limit"
    if article_id != clean_field(article_id, MAX_ID):
        return "the article id holds control characters or surrounding whitespace"
    return None


def parse_date(value: Any) -> date | None:
    """YYYY-MM-DD, or the date part of an ISO timestamp; None when absent."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"published is not a date: {value!r}")
    return date.fromisoformat(value.strip()[:10])


def read_file(path: Path) -> Iterator[Item]:
    source = path_text(str(path))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield IngestError(source, f"unsupported file type '{suffix or 'none'}' "
                                  "(expected .txt, .html or .jsonl)")
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield IngestError(source, f"file is {size / 1e6:.1f} MB, over the 5 MB limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(source, f"cannot read: {exc.strerror or exc}")
        return
    article_id = clean_field(path_text(path.stem), MAX_ID) or "unnamed"
    if suffix in TEXT_SUFFIXES:
        yield text_article(data, article_id=article_id, source=source)
    else:
        yield html_article(data, article_id=article_id, source=source)


def text_article(data: bytes, *, article_id: str, source: str) -> Item:
    """A text file: the first non-empty line is the title, the whole file is the text."""
    try:
        text = decode_text(data)
    except TextError as exc:
        return IngestError(source, str(exc))
    if looks_binary(text):
        return IngestError(source, "binary data, not text")
    if not text.strip():
        return IngestError(source, "no text (only control or space characters)")
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Article(id=article_id, text=text, title=clean_field(title, MAX_TITLE),
                   source=source)


def html_article(
    data: bytes | str, *, article_id: str, source: str, url: str | None = None
) -> Item:
    """Main text, title, date and site name of an HTML page, found by trafilatura."""
    if isinstance(data, bytes):
        if not data.strip():
            return IngestError(source, "empty")
        if b"\x00" in data[:8192]:
            return IngestError(source, "binary data (NUL bytes), not HTML")
    elif not data.strip():
        return IngestError(source, "empty")
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True,
                                          include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        return IngestError(source, f"cannot parse HTML: {exc.__class__.__name__}")
    body = clean_text(doc.text or "") if doc is not None and not isinstance(doc, dict) else ""
    # A menu or a cookie wall yields a few stray words; that is not an article.
    if doc is None or isinstance(doc, dict) or len(body.split()) < MIN_ARTICLE_WORDS:
        return IngestError(source, "no main text found in the HTML")
    title = clean_field(doc.title, MAX_TITLE) if isinstance(doc.title, str) else None
    # Headlines carry statements too; keep the title at the top of the text like a wire copy.
    text = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
    try:
        published = parse_date(doc.date)
    except (ValueError, TypeError, OverflowError):
        published = None
    page_url = url or (doc.url if isinstance(doc.url, str) else None)
    outlet = doc.sitename if isinstance(doc.sitename, str) else None
    return Article(id=article_id, text=text, title=title, url=clean_field(page_url, MAX_URL),
                   outlet=clean_field(outlet, MAX_OUTLET), published=published, source=source)


def read_jsonl(path: Path) -> Iterator[Item]:
    """Corpus records, one JSON object a line (id, url, outlet, title, published, text).
    Streams line by line so memory stays flat however large the file is."""
    source = path_text(str(path))
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield IngestError(source, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        number = 0
        while True:
            number += 1
            where = f"{source}:{number}"
            try:
                # Bounded, so a 100 MB line is skipped in chunks instead of read whole.
                raw = handle.readline(MAX_BYTES + 1)
                if not raw:
                    return
                if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
                    size = len(raw) + _skip_line(handle)
                    yield IngestError(where, f"record is {size / 1e6:.1f} MB, over the 5 MB "
                                             "limit")
                    continue
            except OSError as exc:
                yield IngestError(where, f"cannot read: {exc.strerror or exc}")
                return
            if not raw.strip():
                continue
            yield record_article(raw, where=where, source=source)


def _skip_line(handle: Any, chunk: int = 1 << 20) -> int:
    """Read to the end of the current line; returns how many bytes were skipped."""
    skipped = 0
    while True:
        piece = handle.readline(chunk)
        skipped += len(piece)
        if not piece or piece.endswith(b"\n"):
            return skipped


def record_article(raw: bytes | str, *, where: str, source: str) -> Item:
    try:
        text_line = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        record = json.loads(text_line)
    except UnicodeDecodeError:
        return IngestError(where, "not UTF-8")
    except json.JSONDecodeError as exc:
        return IngestError(where, f"not valid JSON ({exc.msg})")
    except ValueError:  # a number with more digits than Python will convert
        return IngestError(where, "not valid JSON (a number too long to read)")
    except RecursionError:
        return IngestError(where, "not valid JSON (nested too deeply)")
    if not isinstance(record, dict):
        return IngestError(where, "not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return IngestError(where, "no 'text' field with article text")
    record_id = record.get("id")
    if record_id is not None and (isinstance(record_id, bool)
                                  or not isinstance(record_id, str | int)):
        return IngestError(where, "'id' is neither a string nor a number")
    if isinstance(record_id, int) and not -10**18 < record_id < 10**18:
        return IngestError(where, "'id' is a number too large to be an id")
    fields: dict[str, str | None] = {}
    for name, limit in (("url", MAX_URL), ("outlet", MAX_OUTLET), ("title", MAX_TITLE)):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return IngestError(where, f"'{name}' is not a string")
        fields[name] = clean_field(value, limit)
    try:
        published = parse_date(record.get("published"))
    except (ValueError, TypeError, OverflowError):
        value = record.get("published")
        return IngestError(where, f"'published' is not a YYYY-MM-DD date: {value!r:.40}")
    text = clean_text(text)
    if not text.strip():
        return IngestError(where, "no 'text' field with article text (only control "
                                  "characters)")
    article = Article(id="", text=text, published=published, source=source,
                      url=fields["url"], outlet=fields["outlet"], title=fields["title"])
    article.id = str(record_id) if record_id is not None else f"doc-{article.hash[:16]}"
    problem = check_id(article.id)
    if problem:
        return IngestError(where, problem)
    where_id = f"{where} (id {article.id})"
    if looks_binary(text):
        return IngestError(where_id, "binary data, not text")
    return article
