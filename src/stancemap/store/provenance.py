"""Provenance groups in the store: each article's place in the re-telling groups, kept so
that grouping stays incremental across runs (a new article is compared with the index, never
with every stored article again)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import JSON

from stancemap.link import ORIGIN, RETELLING, GroupAssignment, OutletCatalog, ProvenanceIndex
from stancemap.scenario import Scenario
from stancemap.store.backup import Section, register_section
from stancemap.store.check import register_check
from stancemap.store.database import Store
from stancemap.store.schema import ArticleRow, Base

_PLACEMENT = ("seq", "group", "kind", "copy_of")
_BATCH = 200


class ProvenanceRow(Base):
    __tablename__ = "provenance"

    article_id: Mapped[str] = mapped_column(
        String(200), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    # Order of arrival in the index; replayed on load so later adds behave the same.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    group_id: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    copy_of: Mapped[str | None] = mapped_column(String(200))
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    features: Mapped[dict[str, Any]] = mapped_column(JSON)


def _record(row: ProvenanceRow) -> dict[str, Any]:
    record = dict(row.features)
    record.update(id=row.article_id, signature=row.signature, seq=row.seq, group=row.group_id,
                  kind=row.kind, copy_of=row.copy_of)
    return record


def load_index(store: Store, scenario: Scenario | None = None) -> ProvenanceIndex:
    """The index as the store last left it, rebuilt without re-scoring any pair."""
    catalog = OutletCatalog.from_scenario(scenario) if scenario else OutletCatalog.default()
    with store.session() as session:
        rows = session.scalars(select(ProvenanceRow).order_by(ProvenanceRow.seq)).all()
        records = [_record(r) for r in rows]
    return ProvenanceIndex.from_records(records, catalog)


def update_groups(
    store: Store,
    scenario: Scenario | None = None,
    *,
    on_article: Callable[[GroupAssignment], None] | None = None,
) -> ProvenanceIndex:
    """Place every article not yet grouped, in ingest order, one transaction each."""
    index = load_index(store, scenario)
    with store.session() as session:
        pending = session.execute(
            select(ArticleRow.id)
            .outerjoin(ProvenanceRow, ProvenanceRow.article_id == ArticleRow.id)
            .where(ProvenanceRow.article_id.is_(None))
            .order_by(ArticleRow.ingested_at, ArticleRow.id)
        ).scalars().all()
    # Texts are fetched a batch at a time: one query per batch, not one per article.
    for start in range(0, len(pending), _BATCH):
        for article in store.get_articles(pending[start:start + _BATCH]):
            assignment = index.add(article)
            record = index.record(article.id)
            try:
                _save(store, record, assignment)
            except IntegrityError:
                # Another process grouped articles meanwhile: continue from its state.
                return update_groups(store, scenario, on_article=on_article)
            if on_article:
                on_article(assignment)
    return index


def _save(store: Store, record: dict[str, Any], assignment: GroupAssignment) -> None:
    features = {k: v for k, v in record.items()
                if k not in _PLACEMENT and k not in ("id", "signature")}
    with store.writing() as session:
        if assignment.merged:
            # Groups this article bridged are folded into its group; their first articles
            # are no longer origins of their own.
            session.execute(update(ProvenanceRow)
                            .where(ProvenanceRow.group_id.in_(assignment.merged))
                            .values(group_id=assignment.group_id))
            session.execute(update(ProvenanceRow)
                            .where(ProvenanceRow.group_id == assignment.group_id,
                                   ProvenanceRow.kind == ORIGIN,
                                   ProvenanceRow.article_id != assignment.group_id)
                            .values(kind=RETELLING))
        session.add(ProvenanceRow(
            article_id=record["id"], seq=int(record["seq"]), group_id=str(record["group"]),
            kind=str(record["kind"]), copy_of=record.get("copy_of"),
            signature=bytes(record["signature"]), features=features,
        ))


def group_map(store: Store) -> dict[str, str]:
    """Article id -> group id, for every grouped article."""
    with store.session() as session:
        rows = session.execute(select(ProvenanceRow.article_id, ProvenanceRow.group_id)).all()
        return {article_id: group_id for article_id, group_id in rows}


def count_grouped(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ProvenanceRow)) or 0)


def current_group_map(store: Store, scenario: Scenario | None = None) -> dict[str, str]:
    """Article id -> group id, grouping first any article stored since the last run (an
    upload through the dashboard, an ingest by another process)."""
    if store.count_articles() != count_grouped(store):
        update_groups(store, scenario)
    return group_map(store)


# Provenance rows travel in backups (after the articles they belong to).
register_section(Section("provenance", ProvenanceRow, order=15))


@register_check("provenance_groups", "every group's members exist and its id is a member")
def _check_groups(store: Store) -> Iterator[str]:
    with store.session() as session:
        orphans = session.scalars(
            select(ProvenanceRow.article_id)
            .outerjoin(ArticleRow, ArticleRow.id == ProvenanceRow.article_id)
            .where(ArticleRow.id.is_(None))).all()
        rows = session.execute(select(ProvenanceRow.article_id, ProvenanceRow.group_id)).all()
    for article_id in orphans:
        yield f"grouped article {article_id} is not stored"
    group_of = {article_id: group_id for article_id, group_id in rows}
    for group_id in sorted(set(group_of.values())):
        if group_of.get(group_id) != group_id:
            yield f"group {group_id}: its first article is not a member of it"
