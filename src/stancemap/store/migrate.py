"""Schema migrations with Alembic, run in-process so opening a store upgrades it in place.

A store made before migrations existed (tables from `create_all`, no `alembic_version`) is
stamped at the baseline revision, whose tables it already has, then upgraded like any other.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The revision whose tables equal the schema that `create_all` made before Alembic.
BASELINE = "0001"
# Any constant works; it only has to be the same in every process migrating one database.
_PG_LOCK_KEY = 0x5743_414D  # "SCAM" → stancemap


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision`; a no-op costing one query when it is already there."""
    target = head_revision() if revision == "head" else revision
    with engine.connect() as connection:
        if current_revision(connection) == target:
            return
    with engine.connect() as plain:
        # On SQLite this makes the transaction BEGIN IMMEDIATE (see database._sqlite_begin):
        # two processes opening a new file take turns instead of both creating the tables.
        connection = plain.execution_options(stancemap_write=True)
        with connection.begin():
            _upgrade_locked(connection, revision)


def _upgrade_locked(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        # Several workers or watchers may open a new store at once; one migrates, the
        # others wait here and then find nothing left to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    config = alembic_config(connection)
    if current_revision(connection) is None and inspect(connection).has_table("articles"):
        command.stamp(config, BASELINE)
    command.upgrade(config, revision)


def new_revision(url: str, message: str) -> None:
    """Write a migration for whatever the models have that the database at `url` lacks.
    The database is first brought to head, so the new file holds only the new change."""
    engine = create_engine(url)
    try:
        upgrade_schema(engine)
        with engine.begin() as connection:
            command.revision(alembic_config(connection), message=message, autogenerate=True)
    finally:
        engine.dispose()

