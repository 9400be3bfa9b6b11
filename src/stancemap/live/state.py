"""Reading and writing a feed's polling state; each write is its own short transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from stancemap.store import Store
from stancemap.store.feeds import FeedEntryRow, FeedRow


def get_feed(store: Store, url: str) -> FeedRow:
    """The feed's row, created on first sight."""
    with store.session() as session:
        row = session.get(FeedRow, url)
        if row is not None:
            return row
    try:
        with store.session() as session, session.begin():
            session.add(FeedRow(url=url, failures=0))
    except IntegrityError:
        pass  # another watcher added it first; read theirs
    with store.session() as session:
        row = session.get(FeedRow, url)
        assert row is not None
        return row


def all_feeds(store: Store) -> list[FeedRow]:
    with store.session() as session:
        return list(session.scalars(select(FeedRow).order_by(FeedRow.url)))


def seen_links(store: Store, url: str) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(FeedEntryRow.link)
                                   .where(FeedEntryRow.feed_url == url)))


def record_entry(store: Store, feed_url: str, link: str, status: str,
                 article_id: str | None, detail: str | None, now: datetime) -> None:
    try:
        with store.session() as session, session.begin():
            session.add(FeedEntryRow(feed_url=feed_url, link=link, status=status,
                                     article_id=article_id, detail=detail, seen_at=now))
    except IntegrityError:
        pass  # recorded by a concurrent watcher of the same feed


def record_poll(store: Store, url: str, *, now: datetime, next_poll_at: datetime,
                failures: int, error: str | None = None, reached: bool = True,
                validators: tuple[str | None, str | None] | None = None) -> None:
    """`validators` (etag, last_modified) are replaced only when given, that is only after
    every entry of the response they came with was handled."""
    with store.session() as session, session.begin():
        row = session.get(FeedRow, url)
        if row is None:
            row = FeedRow(url=url)
            session.add(row)
        row.last_polled_at = now
        row.next_poll_at = next_poll_at
        row.failures = failures
        row.last_error = error
        if reached:
            row.last_success_at = now
        if validators is not None:
            row.etag, row.last_modified = validators
