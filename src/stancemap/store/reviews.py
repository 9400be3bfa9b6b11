"""Human reviews of extracted statements: confirm, reject or edit, with an audit trail.

Reviews are keyed on a fingerprint of the statement as the extractor produced it (article,
sentence offsets, original actor/action/issue), not on the statement's row id, because
`replace_statements` deletes and re-creates rows on every re-extraction. A review therefore
survives re-extraction as long as the extractor finds the same statement again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import JSON, DateTime, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from stancemap.models import Statement
from stancemap.store.backup import Section, register_section
from stancemap.store.schema import Base

if TYPE_CHECKING:
    from stancemap.scenario import Scenario
    from stancemap.store.database import Store

DECISIONS = ("confirm", "reject", "edit")
EDITABLE_FIELDS = ("actor", "action", "issue", "target", "date")
MAX_REVIEWER_CHARS = 100
MAX_NOTE_CHARS = 2000


class ReviewRow(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    # Kept beside the fingerprint so an article's reviews can be listed, and so an orphaned
    # review (its statement no longer extracted) still says what it was about.
    article_id: Mapped[str] = mapped_column(String(200), index=True)
    original: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decision: Mapped[str] = mapped_column(String(16))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reviewer: Mapped[str] = mapped_column(String(MAX_REVIEWER_CHARS))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewError(ValueError):
    """A review that cannot be stored; the message says which field is wrong."""


@dataclass(slots=True)
class Review:
    id: int
    fingerprint: str
    article_id: str
    original: dict[str, Any]
    decision: str
    changes: dict[str, Any]
    reviewer: str
    note: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "fingerprint": self.fingerprint, "doc": self.article_id,
            "original": self.original, "decision": self.decision, "changes": self.changes,
            "reviewer": self.reviewer, "note": self.note,
            "created_at": self.created_at.isoformat(timespec="seconds") + "Z",
        }


@dataclass(slots=True)
class ReviewedStatement:
    """A statement as the extractor found it, and as it stands after its reviews."""

    original: Statement
    fingerprint: str
    status: str = "unreviewed"  # unreviewed | confirmed | edited | rejected
    statement: Statement = field(init=False)
    reviews: list[Review] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.statement = self.original

    @property
    def rejected(self) -> bool:
        return self.status == "rejected"


def statement_fingerprint(statement: Statement) -> str:
    """Stable id of an extracted statement across re-extractions of the same article."""
    key = "\x1f".join([statement.doc, str(statement.start), str(statement.end),
                       statement.actor, statement.action, statement.issue])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _review(row: ReviewRow) -> Review:
    return Review(row.id, row.fingerprint, row.article_id, dict(row.original or {}),
                  row.decision, dict(row.changes or {}), row.reviewer, row.note or "",
                  row.created_at)


def validate_changes(changes: Mapping[str, Any], scenario: Scenario | None) -> dict[str, Any]:
    """Only the editable fields, with ids that exist in the scenario; dates as ISO strings."""
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise ReviewError(f"'{name}' cannot be edited (editable: {', '.join(EDITABLE_FIELDS)})")
        if isinstance(value, str):
            value = value.strip()
        if name == "date":
            if value in (None, ""):
                clean[name] = None
                continue
            try:
                clean[name] = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise ReviewError(f"date: not a YYYY-MM-DD date: {value!r}") from None
            continue
        if name == "target" and value in (None, ""):
            clean[name] = None
            continue
        if not isinstance(value, str) or not value:
            raise ReviewError(f"{name}: must be a non-empty id")
        if scenario is not None:
            allowed = {"actor": scenario.party_ids, "target": scenario.party_ids,
                       "action": scenario.action_ids, "issue": scenario.issue_ids}[name]
            if value not in allowed:
                raise ReviewError(f"{name}: '{value}' is not one of {', '.join(allowed)}")
        clean[name] = value
    return clean


def add_review(
    store: Store,
    statement: Statement,
    decision: str,
    reviewer: str,
    *,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    scenario: Scenario | None = None,
) -> Review:
    """Record one review of an extracted (original, not yet reviewed) statement."""
    if decision not in DECISIONS:
        raise ReviewError(f"decision: '{decision}' is not one of {', '.join(DECISIONS)}")
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ReviewError("reviewer: a name is required")
    if len(reviewer) > MAX_REVIEWER_CHARS:
        raise ReviewError(f"reviewer: at most {MAX_REVIEWER_CHARS} characters")
    if len(note) > MAX_NOTE_CHARS:
        raise ReviewError(f"note: at most {MAX_NOTE_CHARS} characters")
    clean = validate_changes(changes or {}, scenario)
    if decision == "edit" and not clean:
        raise ReviewError("edit: nothing to change")
    if decision != "edit" and clean:
        raise ReviewError(f"{decision}: changes are only allowed with 'edit'")
    original = {name: getattr(statement, name) for name in EDITABLE_FIELDS}
    original["date"] = statement.date.isoformat() if statement.date else None
    row = ReviewRow(fingerprint=statement_fingerprint(statement), article_id=statement.doc,
                    original=original, decision=decision, changes=clean, reviewer=reviewer,
                    note=note.strip(), created_at=_now())
    with store.writing() as session:
        session.add(row)
        session.flush()
        review = _review(row)
    return review


def restore_reviews(store: Store, rows: Iterable[Mapping[str, Any]]) -> int:
    """Put back reviews saved with `Review.to_json()` (a backup), keeping their original
    times and reviewers; ones already present (same fingerprint, time and reviewer) are
    skipped, so restoring twice changes nothing."""
    added = 0
    with store.writing() as session:
        for row in rows:
            created = datetime.fromisoformat(str(row["created_at"]).removesuffix("Z"))
            if row.get("decision") not in DECISIONS:
                raise ReviewError(f"decision: '{row.get('decision')}' is not one of "
                                  f"{', '.join(DECISIONS)}")
            exists = session.scalar(select(ReviewRow.id).where(
                ReviewRow.fingerprint == row["fingerprint"], ReviewRow.created_at == created,
                ReviewRow.reviewer == row["reviewer"]))
            if exists is not None:
                continue
            session.add(ReviewRow(
                fingerprint=row["fingerprint"], article_id=row["doc"],
                original=dict(row.get("original") or {}), decision=row["decision"],
                changes=dict(row.get("changes") or {}), reviewer=row["reviewer"],
                note=row.get("note") or "", created_at=created))
            added += 1
    return added


def reviews(
    store: Store,
    *,
    fingerprint: str | None = None,
    article_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[Review]:
    with store.session() as session:
        query = select(ReviewRow)
        if fingerprint is not None:
            query = query.where(ReviewRow.fingerprint == fingerprint)
        if article_id is not None:
            query = query.where(ReviewRow.article_id == article_id)
        order = (ReviewRow.created_at.desc(), ReviewRow.id.desc()) if newest_first else \
            (ReviewRow.created_at, ReviewRow.id)
        query = query.order_by(*order).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return [_review(row) for row in session.scalars(query)]


def count_reviews(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ReviewRow)) or 0)


def apply_reviews(
    statements: Sequence[Statement],
    all_reviews: Iterable[Review],
    fingerprints: Sequence[str] | None = None,
) -> list[ReviewedStatement]:
    """Fold each statement's reviews, oldest first: edits accumulate, the last confirm or
    reject decides whether it stands (an edit after a reject reinstates it)."""
    by_fingerprint: dict[str, list[Review]] = {}
    for review in sorted(all_reviews, key=lambda r: (r.created_at, r.id)):
        by_fingerprint.setdefault(review.fingerprint, []).append(review)
    result: list[ReviewedStatement] = []
    if fingerprints is None:
        fingerprints = [statement_fingerprint(s) for s in statements]
    for statement, fingerprint in zip(statements, fingerprints, strict=True):
        entry = ReviewedStatement(statement, fingerprint)
        history = by_fingerprint.get(fingerprint, [])
        if history:
            entry.reviews = history
            overrides: dict[str, Any] = {}
            status = "confirmed"
            for review in history:
                if review.decision == "reject":
                    status = "rejected"
                elif review.decision == "confirm":
                    status = "edited" if overrides else "confirmed"
                else:
                    overrides.update(review.changes)
                    status = "edited"
            entry.status = status
            entry.statement = _with_overrides(statement, overrides, status)
        result.append(entry)
    return result


def _with_overrides(statement: Statement, overrides: Mapping[str, Any], status: str) -> Statement:
    values: dict[str, Any] = dict(overrides)
    if "date" in values:
        values["date"] = date.fromisoformat(values["date"]) if values["date"] else None
    extra = dict(statement.extra)
    extra["review"] = status
    return replace(statement, extra=extra, **values)


def reviewed_entries(store: Store, *, article_id: str | None = None) -> list[ReviewedStatement]:
    """Every stored statement with its review status, rejected ones included."""
    statements = store.statements(article_id=article_id)
    return apply_reviews(statements, reviews(store, article_id=article_id))


def reviewed_statements(store: Store, *, article_id: str | None = None) -> list[Statement]:
    """The statements as reviewed: rejected ones dropped, edits applied. What every report,
    map and export should read instead of `store.statements()`."""
    return [e.statement for e in reviewed_entries(store, article_id=article_id)
            if not e.rejected]


def write_reviewed_jsonl(store: Store, handle: TextIO) -> int:
    """The reviewed statements in the shared spec's JSON Lines format (spec fields, then
    offsets, confidence and `review` where a person confirmed or edited it)."""
    count = 0
    for statement in reviewed_statements(store):
        handle.write(json.dumps(statement.to_json(), ensure_ascii=False) + "\n")
        count += 1
    return count


# The reviews travel in `stancemap export` backups and are checked to point at articles.
register_section(Section("review", ReviewRow, order=30))
