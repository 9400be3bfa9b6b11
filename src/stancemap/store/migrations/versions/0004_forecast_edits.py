"""The analyst's numbers for the bargaining models (positions, saliences, capabilities).

Revision ID: 0004
Revises: 0003

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forecast_edits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("issue", sa.String(length=100), nullable=False),
        sa.Column("party", sa.String(length=50), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("spread", sa.Float(), nullable=True),
        sa.Column("analyst", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("forecast_edits", schema=None) as batch_op:
        batch_op.create_index("ix_forecast_edits_number", ["issue", "party", "field"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("forecast_edits", schema=None) as batch_op:
        batch_op.drop_index("ix_forecast_edits_number")

    op.drop_table("forecast_edits")
