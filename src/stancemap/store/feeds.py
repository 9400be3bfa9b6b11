"""Per-feed polling state for `stancemap watch`, on the same metadata as the other tables.

The watcher stores a feed's validators (ETag, Last-Modified) only after every entry of that
response has been handled, so a kill between the two never turns new entries into a 304.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stancemap.store.schema import Base


class FeedRow(Base):
    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Consecutive failed polls; drives the per-feed backoff and resets on success.
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class FeedEntryRow(Base):
    """An entry link already handled, so a later poll neither refetches nor re-stores it."""

    __tablename__ = "feed_entries"

    feed_url: Mapped[str] = mapped_column(
        String(1000), ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True
    )
    link: Mapped[str] = mapped_column(String(2000), primary_key=True)
    article_id: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))  # stored | duplicate | rejected
    detail: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
