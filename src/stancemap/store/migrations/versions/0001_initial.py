"""Baseline: articles and statements, as `create_all` made them before migrations existed.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("outlet", sa.String(300)),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("language", sa.String(16)),
        sa.Column("source", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.Column("extracted_at", sa.DateTime()),
        sa.Column("extractor", sa.String(100)),
    )
    op.create_index("ix_articles_hash", "articles", ["hash"], unique=True)
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(200),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("actor", sa.String(50), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("issue", sa.String(100), nullable=False),
        sa.Column("speaker", sa.Text()),
        sa.Column("target", sa.String(50)),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("attribution", sa.Text()),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("date", sa.Date()),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
    )
    op.create_index("ix_statements_article_id", "statements", ["article_id"])
    op.create_index("ix_statements_cell", "statements", ["actor", "issue"])


def downgrade() -> None:
    op.drop_table("statements")
    op.drop_table("articles")
