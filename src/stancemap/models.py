"""Records that cross module boundaries: an article and a stance statement."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

ACTIONS = ("demand", "offer", "reject", "accept", "propose")


def content_hash(text: str) -> str:
    """Hash of the article text with whitespace normalised, so re-saved copies match."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None
    source: str | None = None  # the file or URL it was read from
    ingested_at: datetime | None = None
    hash: str = ""

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.text)


@dataclass(slots=True)
class ArticleInfo:
    """An article's metadata without its text, for reports over many articles."""

    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    ingested: date | None = None
    language: str | None = None


@dataclass(slots=True)
class Statement:
    """One stance statement, in the interchange format of the shared spec plus provenance."""

    doc: str
    actor: str
    action: str
    issue: str
    sentence: str
    speaker: str | None = None
    target: str | None = None
    content: str = ""
    attribution: str | None = None
    hedged: bool = False
    date: date | None = None
    start: int = 0  # character offsets of `sentence` in the article text
    end: int = 0
    confidence: float = 0.5
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.doc, self.actor, self.action, self.issue)

    def to_json(self) -> dict[str, Any]:
        """The spec's fields first (what the scorer reads), then offsets and confidence."""
        row = asdict(self)
        row["date"] = self.date.isoformat() if self.date else None
        extra = row.pop("extra")
        row.update(extra)
        return row
