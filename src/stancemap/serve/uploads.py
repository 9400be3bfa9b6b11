"""Articles added from the dashboard go through the same readers and the same
`store_article` as `stancemap ingest`, so a pasted URL or an uploaded file is stored exactly
as the CLI would store it: one transaction per article, errors as values."""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath

from stancemap.ingest import IngestEvent
from stancemap.ingest import store_article as _store_article
from stancemap.ingest.errors import MAX_BYTES, IngestError
from stancemap.ingest.files import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    Item,
    html_article,
    record_article,
    text_article,
)
from stancemap.ingest.web import is_url, read_url
from stancemap.store import Store

MAX_UPLOAD_BYTES = MAX_BYTES
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def upload_id(filename: str) -> tuple[str, str]:
    """(article id, suffix) from a client-supplied file name, which may hold any path or
    characters: only the last component's stem survives, restricted to a safe alphabet."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    article_id = _UNSAFE_ID.sub("-", stem).strip("-.")[:100]
    return article_id, f".{suffix.lower()}" if suffix else ""


def _event(item: Item, store: Store) -> IngestEvent:
    if isinstance(item, IngestError):
        return IngestEvent("error", item.source, detail=item.reason)
    return _store_article(item, store)


def ingest_upload(store: Store, filename: str, data: bytes) -> list[IngestEvent]:
    """Store the article(s) of one uploaded .txt, .html or .jsonl file."""
    source = f"upload:{filename or 'file'}"
    if len(data) > MAX_UPLOAD_BYTES:
        return [IngestEvent("error", source, detail=f"file is {len(data) / 1e6:.1f} MB, over "
                                                   f"the {MAX_UPLOAD_BYTES // 2**20} MB limit")]
    if not data.strip():
        return [IngestEvent("error", source, detail="empty file")]
    article_id, suffix = upload_id(filename)
    if suffix in JSONL_SUFFIXES:
        events = []
        for number, line in enumerate(data.splitlines(), 1):
            if line.strip():
                events.append(_event(record_article(line, where=f"{source}:{number}",
                                                    source=source), store))
        return events
    if not article_id:
        return [IngestEvent("error", source, detail="the file name gives no usable id")]
    if suffix in TEXT_SUFFIXES:
        return [_event(text_article(data, article_id=article_id, source=source), store)]
    if suffix in HTML_SUFFIXES:
        return [_event(html_article(data, article_id=article_id, source=source), store)]
    return [IngestEvent("error", source, detail=f"unsupported file type '{suffix or 'none'}' "
                                                "(expected .txt, .html or .jsonl)")]


def ingest_link(store: Store, url: str, *, allow_local: bool = False) -> list[IngestEvent]:
    """Fetch a page or feed; loopback and private addresses are refused unless allowed, so
    the dashboard cannot be used to probe the machine's own network."""
    url = url.strip()
    if not is_url(url):
        return [IngestEvent("error", url or "(empty)", detail="not an http(s) URL")]
    return [_event(item, store) for item in read_url(url, allow_local=allow_local)]
