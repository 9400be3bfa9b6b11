"""The store as the dashboard reads it: every statement with its reviews applied, cached
until the store changes.

Every map, cell and issue page needs all statements (the map is an aggregate over them), and
loading 10,000 through the ORM takes most of a second. So statements are read with one Core
query, kept with their fingerprints, and re-read only when a cheap version probe (counts,
highest ids, latest extraction time) says the store changed. Reviews are few; they are
re-applied whenever they change, without reloading the statements."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from stancemap.models import ArticleInfo, Statement
from stancemap.store import Store
from stancemap.store.reviews import (
    ReviewedStatement,
    ReviewRow,
    apply_reviews,
    reviews,
    statement_fingerprint,
)
from stancemap.store.schema import ArticleRow, StatementRow


@dataclass(slots=True)
class Snapshot:
    articles: dict[str, ArticleInfo]
    entries: list[ReviewedStatement]


def _statement(row: Any) -> Statement:
    return Statement(
        doc=row.article_id, actor=row.actor, action=row.action, issue=row.issue,
        sentence=row.sentence, speaker=row.speaker, target=row.target,
        content=row.content or "", attribution=row.attribution, hedged=bool(row.hedged),
        date=row.date, start=row.start or 0, end=row.end or 0,
        confidence=row.confidence if row.confidence is not None else 0.5,
        extra=dict(row.extra or {}))


def load_statements(store: Store) -> list[Statement]:
    """All statements, in the order `Store.statements()` gives them, without ORM objects."""
    table = StatementRow.__table__
    query = select(table).order_by(table.c.article_id, table.c.start, table.c.id)
    with store.engine.connect() as connection:
        return [_statement(row) for row in connection.execute(query)]


class SnapshotCache:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._statements_key: tuple[Any, ...] | None = None
        self._statements: list[Statement] = []
        self._fingerprints: list[str] = []
        self._articles_key: tuple[Any, ...] | None = None
        self._articles: dict[str, ArticleInfo] = {}
        self._snapshot_key: tuple[Any, ...] | None = None
        self._snapshot: Snapshot | None = None

    def _versions(self) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]:
        with self.store.session() as session:
            statements = tuple(session.execute(
                select(func.count(), func.max(StatementRow.id))).one())
            # replace_statements stamps extracted_at with the current time, so any
            # re-extraction moves this maximum even when it reuses the same row ids.
            articles = tuple(session.execute(
                select(func.count(), func.max(ArticleRow.ingested_at),
                       func.max(ArticleRow.extracted_at))).one())
            review_rows = tuple(session.execute(
                select(func.count(), func.max(ReviewRow.id))).one())
        return statements + articles, articles, review_rows

    def get(self) -> Snapshot:
        statements_key, articles_key, reviews_key = self._versions()
        with self._lock:
            if statements_key != self._statements_key:
                self._statements = load_statements(self.store)
                self._fingerprints = [statement_fingerprint(s) for s in self._statements]
                self._statements_key = statements_key
            if articles_key != self._articles_key:
                self._articles = self.store.article_infos()
                self._articles_key = articles_key
            key = (statements_key, articles_key, reviews_key)
            if key != self._snapshot_key or self._snapshot is None:
                self._snapshot = Snapshot(
                    self._articles, apply_reviews(self._statements, reviews(self.store),
                                                 self._fingerprints))
                self._snapshot_key = key
            return self._snapshot
