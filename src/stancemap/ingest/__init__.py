"""Ingest: read articles from files, folders, URLs and feeds, and store them once each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stancemap.ingest.errors import IngestError, one_line
from stancemap.ingest.files import SUPPORTED_SUFFIXES, Item, read_file
from stancemap.ingest.text import detect_language, path_text
from stancemap.ingest.web import is_url, read_url
from stancemap.models import Article
from stancemap.store import Store

__all__ = ["IngestError", "IngestEvent", "IngestSummary", "ingest", "read_sources"]


def read_sources(sources: Iterable[str], *, allow_local: bool = False) -> Iterator[Item]:
    """Articles (or errors) from paths, folders (recursively) and http(s) URLs, in order."""
    for source in sources:
        if is_url(source):
            yield from read_url(source, allow_local=allow_local)
            continue
        try:
            yield from _read_path(source)
        except (OSError, ValueError) as exc:  # a NUL in the name, a name too long, EACCES
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield IngestError(path_text(source), f"cannot read: {reason}")


def _read_path(source: str) -> Iterator[Item]:
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*")
                       if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
        if not files:
            yield IngestError(path_text(source), "folder holds no .txt, .html or .jsonl files")
        for file in files:
            yield from read_file(file)
    elif path.exists():
        yield from read_file(path)
    else:
        yield IngestError(path_text(source), "no such file or folder")


@dataclass(slots=True)
class IngestEvent:
    """What happened to one input record: added, duplicate, conflict or error."""

    status: str
    source: str
    article_id: str | None = None
    detail: str = ""
    language: str | None = None

    def __post_init__(self) -> None:
        # Printed one per line; file names and parser messages can hold newlines.
        self.source = one_line(self.source)
        self.detail = one_line(self.detail)


@dataclass(slots=True)
class IngestSummary:
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped_languages: dict[str, int] = field(default_factory=dict)

    def record(self, event: IngestEvent, scenario_language: str) -> None:
        if event.status == "added":
            self.added += 1
            if event.language and event.language != scenario_language:
                self.skipped_languages[event.language] = \
                    self.skipped_languages.get(event.language, 0) + 1
        elif event.status == "duplicate":
            self.duplicates += 1
        else:
            self.failed += 1


def ingest(
    sources: Iterable[str], store: Store, *, allow_local: bool = False
) -> Iterator[IngestEvent]:
    """Read every source and store each new article in its own transaction."""
    for item in read_sources(sources, allow_local=allow_local):
        if isinstance(item, IngestError):
            yield IngestEvent("error", item.source, detail=item.reason)
            continue
        yield store_article(item, store)


def store_article(article: Article, store: Store) -> IngestEvent:
    if article.language is None:
        article.language = detect_language(article.text)
    try:
        result = store.add_article(article)
    except Exception as exc:  # a database failure on one record must not end the batch
        return IngestEvent("error", article.source or article.id, article.id,
                           f"not stored: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
    return IngestEvent(result.status, article.source or article.id, result.article_id,
                       result.detail, article.language)
