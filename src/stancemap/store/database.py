"""The Store: one library API over the database that the CLI, report and web app share."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from stancemap.models import Article, ArticleInfo, Statement
from stancemap.store.migrate import upgrade_schema
from stancemap.store.schema import ArticleRow, StatementRow

DEFAULT_DB_URL = "sqlite:///stancemap.db"


class StoreError(Exception):
    """The database cannot be opened or written; the message names the URL."""


def resolve_db_url(db: str | None = None) -> str:
    """--db, else STANCEMAP_DB, else ./stancemap.db. A bare path means a SQLite file."""
    value = db or os.environ.get("STANCEMAP_DB") or DEFAULT_DB_URL
    if "://" not in value:
        value = f"sqlite:///{Path(value)}"
    return value


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class AddResult:
    article_id: str
    status: str  # "added" | "duplicate" | "conflict"
    detail: str = ""


# Execution option that marks a transaction as one that will write (see _sqlite_begin).
WRITE = "stancemap_write"
BUSY_TIMEOUT_MS = 30000


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The busy timeout goes first: switching a fresh file to WAL needs a lock, and a second
    # process opening the same new file at the same moment must wait, not fail.
    # WAL lets a reader (the web app) work while a writer ingests; the busy timeout makes
    # two concurrent writers wait for each other instead of failing with "locked".
    # synchronous=NORMAL in WAL mode loses nothing when the process is killed; only a power
    # cut can drop the last commits, and never corrupts the file.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # Let SQLAlchemy emit BEGIN itself (the driver's implicit BEGIN is deferred and only
    # comes before DML, which splits a read-then-write into two transactions).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    # A write transaction takes the write lock up front (BEGIN IMMEDIATE). A deferred one
    # that reads first and writes later cannot wait for the lock when another process
    # committed in between: SQLite fails it with "database is locked" at once, busy timeout
    # or not. Read-only transactions stay deferred so they never block writers.
    immediate = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_db_url(url)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _enable_sqlite_pragmas)
                event.listen(self.engine, "begin", _sqlite_begin)
            upgrade_schema(self.engine)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"{self.url}: cannot open the store: {exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in a transaction that holds the write lock from its first statement and
        commits on exit; use it for every transaction that writes."""
        with self._sessions() as session, session.begin():
            session.connection(execution_options={WRITE: True})
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    # -- articles -------------------------------------------------------------------

    def add_article(self, article: Article) -> AddResult:
        """Store an article unless its text is already stored. One transaction per article,
        so a failure leaves everything stored before it intact."""
        try:
            with self.writing() as session:
                same_text = session.scalar(
                    select(ArticleRow.id).where(ArticleRow.hash == article.hash)
                )
                if same_text is not None:
                    return AddResult(same_text, "duplicate",
                                     f"same text as stored article {same_text}")
                if session.get(ArticleRow, article.id) is not None:
                    return AddResult(article.id, "conflict",
                                     "an article with this id but a different text is stored")
                session.add(_article_row(article))
        except IntegrityError:
            # Another process stored it between our check and our commit (PostgreSQL; SQLite
            # serialises writers). Say which of the two it was.
            with self.session() as session:
                same_text = session.scalar(
                    select(ArticleRow.id).where(ArticleRow.hash == article.hash))
            if same_text is not None:
                return AddResult(same_text, "duplicate", "stored concurrently by another run")
            return AddResult(article.id, "conflict",
                             "an article with this id but a different text is stored")
        return AddResult(article.id, "added")

    def get_article(self, article_id: str) -> Article | None:
        with self.session() as session:
            row = session.get(ArticleRow, article_id)
            return _article(row) if row else None

    def get_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """The stored articles among `article_ids`, in that order, in one query."""
        with self.session() as session:
            rows = session.scalars(select(ArticleRow).where(ArticleRow.id.in_(article_ids)))
            found = {row.id: _article(row) for row in rows}
        return [found[i] for i in article_ids if i in found]

    def articles(self, *, pending_only: bool = False, batch_size: int = 200) -> Iterator[Article]:
        """Articles in id order, streamed in batches so memory stays flat on large stores."""
        last_id = ""
        while True:
            with self.session() as session:
                query = select(ArticleRow).where(ArticleRow.id > last_id)
                if pending_only:
                    query = query.where(ArticleRow.extracted_at.is_(None))
                rows = session.scalars(query.order_by(ArticleRow.id).limit(batch_size)).all()
            if not rows:
                return
            for row in rows:
                yield _article(row)
            last_id = rows[-1].id

    def count_articles(self, *, pending_only: bool = False) -> int:
        with self.session() as session:
            query = select(func.count()).select_from(ArticleRow)
            if pending_only:
                query = query.where(ArticleRow.extracted_at.is_(None))
            return int(session.scalar(query) or 0)

    def language_counts(self) -> dict[str, int]:
        with self.session() as session:
            rows = session.execute(
                select(ArticleRow.language, func.count()).group_by(ArticleRow.language)
            ).all()
        return {str(lang or "unknown"): int(n) for lang, n in rows}

    def reset_extraction(self) -> None:
        """Mark every article as not yet extracted (used by `extract --all`)."""
        with self.writing() as session:
            session.execute(update(ArticleRow).values(extracted_at=None, extractor=None))

    # -- statements -----------------------------------------------------------------

    def replace_statements(
        self, article_id: str, statements: Iterable[Statement], extractor: str
    ) -> int:
        """Swap an article's statements for new ones and mark it extracted, atomically."""
        rows = [_statement_row(s) for s in statements]
        with self.writing() as session:
            session.execute(delete(StatementRow).where(StatementRow.article_id == article_id))
            session.add_all(rows)
            session.execute(
                update(ArticleRow)
                .where(ArticleRow.id == article_id)
                .values(extracted_at=_now(), extractor=extractor)
            )
        return len(rows)

    def statements(self, *, article_id: str | None = None) -> list[Statement]:
        with self.session() as session:
            query = select(StatementRow).order_by(StatementRow.article_id, StatementRow.start,
                                                  StatementRow.id)
            if article_id is not None:
                query = query.where(StatementRow.article_id == article_id)
            return [_statement(row) for row in session.scalars(query)]

    def article_infos(self) -> dict[str, ArticleInfo]:
        """Metadata of every article without loading texts, for reports."""
        with self.session() as session:
            rows = session.execute(
                select(ArticleRow.id, ArticleRow.title, ArticleRow.url, ArticleRow.outlet,
                       ArticleRow.published, ArticleRow.ingested_at, ArticleRow.language)
            ).all()
        return {
            r[0]: ArticleInfo(id=r[0], title=r[1], url=r[2], outlet=r[3], published=r[4],
                              ingested=r[5].date() if r[5] else None, language=r[6])
            for r in rows
        }


def _article_row(article: Article) -> ArticleRow:
    return ArticleRow(
        id=article.id, hash=article.hash, url=article.url, outlet=article.outlet,
        title=article.title, published=article.published, language=article.language,
        source=article.source, text=article.text,
        ingested_at=article.ingested_at or _now(), extracted_at=None,
    )


def _article(row: ArticleRow) -> Article:
    return Article(
        id=row.id, text=row.text, title=row.title, url=row.url, outlet=row.outlet,
        published=row.published, language=row.language, source=row.source,
        ingested_at=row.ingested_at, hash=row.hash,
    )


def _statement_row(s: Statement) -> StatementRow:
    return StatementRow(
        article_id=s.doc, actor=s.actor, action=s.action, issue=s.issue, speaker=s.speaker,
        target=s.target, content=s.content, attribution=s.attribution, hedged=s.hedged,
        date=s.date, sentence=s.sentence, start=s.start, end=s.end, confidence=s.confidence,
        extra=dict(s.extra),
    )


def _statement(row: StatementRow) -> Statement:
    return Statement(
        doc=row.article_id, actor=row.actor, action=row.action, issue=row.issue,
        sentence=row.sentence, speaker=row.speaker, target=row.target, content=row.content,
        attribution=row.attribution, hedged=row.hedged, date=row.date, start=row.start,
        end=row.end, confidence=row.confidence, extra=dict(row.extra or {}),
    )
