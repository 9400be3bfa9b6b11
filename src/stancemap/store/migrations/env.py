"""Alembic environment: always handed a live connection by stancemap.store.migrate."""

from __future__ import annotations

from alembic import context

# Every module that defines tables on Base, so autogenerate sees the whole schema.
import stancemap.store.feeds  # noqa: F401
import stancemap.store.forecast_edits  # noqa: F401
import stancemap.store.provenance  # noqa: F401
import stancemap.store.reviews  # noqa: F401
from stancemap.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through stancemap.store.migrate (upgrade_schema, or "
                       "`python -m stancemap.store.migrations`), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
