"""Feed polling state for `stancemap watch`.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("url", sa.String(1000), primary_key=True),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("last_polled_at", sa.DateTime()),
        sa.Column("last_success_at", sa.DateTime()),
        sa.Column("next_poll_at", sa.DateTime()),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text()),
    )
    op.create_table(
        "feed_entries",
        sa.Column("feed_url", sa.String(1000),
                  sa.ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True),
        sa.Column("link", sa.String(2000), primary_key=True),
        sa.Column("article_id", sa.String(200)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text()),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_entries")
    op.drop_table("feeds")
