"""`stancemap check`: does a store hold together? SQLite's own integrity check plus the
invariants the rest of stancemap relies on.

Checks live in a registry so that modules adding tables (reviews, provenance groups) add
their own invariants with `@register_check("name")` without touching this file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from stancemap.models import content_hash
from stancemap.store.database import Store
from stancemap.store.schema import ArticleRow, StatementRow

# Enough examples to act on; the count says how many there are in all.
MAX_EXAMPLES = 20


class CheckSkipped(Exception):
    """Raised by a check that does not apply to this store (e.g. SQLite-only on PostgreSQL)."""


CheckFunction = Callable[[Store], Iterator[str]]


@dataclass(slots=True)
class _Registered:
    name: str
    description: str
    run: CheckFunction


_CHECKS: dict[str, _Registered] = {}


def register_check(name: str, description: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check: a function yielding one line per problem found (none: it holds)."""

    def decorate(fn: CheckFunction) -> CheckFunction:
        _CHECKS[name] = _Registered(name, description, fn)
        return fn

    return decorate


def registered_checks() -> list[str]:
    return list(_CHECKS)


@dataclass(slots=True)
class CheckResult:
    name: str
    description: str
    ok: bool
    problems: int = 0
    examples: list[str] = field(default_factory=list)
    skipped: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "ok": self.ok,
                "problems": self.problems, "examples": self.examples,
                "skipped": self.skipped, "seconds": round(self.seconds, 4)}


@dataclass(slots=True)
class CheckReport:
    url: str
    results: list[CheckResult] = field(default_factory=list)
    articles: int = 0
    statements: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "ok": self.ok, "articles": self.articles,
                "statements": self.statements, "seconds": round(self.seconds, 4),
                "checks": [r.to_json() for r in self.results]}


def check_store(store: Store, *, only: list[str] | None = None) -> CheckReport:
    """Run every registered check (or those named in `only`); a check that crashes is
    reported as failed rather than ending the run, since a damaged store is what we expect."""
    started = time.perf_counter()
    report = CheckReport(url=store.url)
    for check in _CHECKS.values():
        if only is not None and check.name not in only:
            continue
        result = CheckResult(check.name, check.description, ok=True)
        t0 = time.perf_counter()
        try:
            for problem in check.run(store):
                result.problems += 1
                if len(result.examples) < MAX_EXAMPLES:
                    result.examples.append(problem)
        except CheckSkipped as exc:
            result.skipped = str(exc)
        except Exception as exc:  # a broken store can make any query fail
            result.problems += 1
            result.examples.append(f"check could not run: {exc.__class__.__name__}: "
                                   f"{str(exc).splitlines()[0] if str(exc) else ''}")
        result.ok = result.problems == 0
        result.seconds = time.perf_counter() - t0
        report.results.append(result)
    try:
        report.articles = store.count_articles()
        with store.session() as session:
            report.statements = int(session.scalar(
                select(func.count()).select_from(StatementRow)) or 0)
    except Exception:  # counts are informative only; the checks above already failed
        pass
    report.seconds = time.perf_counter() - started
    return report


# -- the checks --------------------------------------------------------------------------


@register_check("sqlite_integrity", "SQLite PRAGMA integrity_check and foreign_key_check")
def _sqlite_integrity(store: Store) -> Iterator[str]:
    if store.dialect != "sqlite":
        raise CheckSkipped(f"not SQLite ({store.dialect})")
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("PRAGMA integrity_check").all()
        for (line,) in rows:
            if line != "ok":
                yield f"integrity_check: {line}"
        for row in connection.exec_driver_sql("PRAGMA foreign_key_check").all():
            yield f"foreign_key_check: table {row[0]} rowid {row[1]} refers to missing {row[2]}"


@register_check("orphan_statements", "every statement's article exists")
def _orphan_statements(store: Store) -> Iterator[str]:
    query = (select(StatementRow.id, StatementRow.article_id)
             .outerjoin(ArticleRow, ArticleRow.id == StatementRow.article_id)
             .where(ArticleRow.id.is_(None)).order_by(StatementRow.id))
    with store.session() as session:
        for statement_id, article_id in session.execute(query):
            yield f"statement {statement_id}: article {article_id!r} does not exist"


@register_check("statement_offsets",
                "every statement's offsets lie inside its article and text[start:end] == "
                "sentence")
def _statement_offsets(store: Store, batch_size: int = 500) -> Iterator[str]:
    # Compared in Python, not with SQL substr(): SQLite's length() stops at a NUL, and code
    # point offsets are what the extractor and the report use.
    last_id = ""
    while True:
        with store.session() as session:
            articles = session.execute(
                select(ArticleRow.id, ArticleRow.text).where(ArticleRow.id > last_id)
                .order_by(ArticleRow.id).limit(batch_size)).all()
            if not articles:
                return
            texts = {row[0]: row[1] for row in articles}
            statements = session.execute(
                select(StatementRow.id, StatementRow.article_id, StatementRow.start,
                       StatementRow.end, StatementRow.sentence)
                .where(StatementRow.article_id.in_(list(texts)))
                .order_by(StatementRow.article_id, StatementRow.id)).all()
        for statement_id, article_id, start, end, sentence in statements:
            body = texts[article_id]
            if not (isinstance(start, int) and isinstance(end, int)
                    and 0 <= start <= end <= len(body)):
                yield (f"statement {statement_id} (article {article_id}): offsets "
                       f"{start}..{end} outside the text (length {len(body)})")
            elif body[start:end] != sentence:
                yield (f"statement {statement_id} (article {article_id}): text[{start}:{end}] "
                       f"is not the statement's sentence")
        last_id = articles[-1][0]


@register_check("article_hashes", "every article's content hash matches its text")
def _article_hashes(store: Store, batch_size: int = 500) -> Iterator[str]:
    last_id = ""
    while True:
        with store.session() as session:
            rows = session.execute(
                select(ArticleRow.id, ArticleRow.hash, ArticleRow.text)
                .where(ArticleRow.id > last_id).order_by(ArticleRow.id).limit(batch_size)).all()
        if not rows:
            return
        for article_id, stored, body in rows:
            if stored != content_hash(body):
                yield f"article {article_id}: stored hash does not match its text"
        last_id = rows[-1][0]


@register_check("duplicate_statements", "no statement is stored twice for one article")
def _duplicate_statements(store: Store) -> Iterator[str]:
    columns = (StatementRow.article_id, StatementRow.actor, StatementRow.action,
               StatementRow.issue, StatementRow.start, StatementRow.end)
    query = (select(*columns, func.count().label("n")).group_by(*columns)
             .having(func.count() > 1).order_by(StatementRow.article_id, StatementRow.start))
    with store.session() as session:
        for article_id, actor, action, issue, start, end, n in session.execute(query):
            yield (f"article {article_id}: {n} copies of {actor} {action} {issue} "
                   f"at {start}..{end}")
