"""Alembic migrations: new stores, stores made before migrations, and models in sync."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

import stancemap.store.feeds  # noqa: F401  (registers the feed tables on Base)
from stancemap.store import Store
from stancemap.store.migrate import alembic_config, current_revision, head_revision
from stancemap.store.schema import ArticleRow, Base, StatementRow


def test_new_store_is_at_head(db_url: str) -> None:
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert {"articles", "statements", "feeds", "feed_entries"} <= \
            set(inspect(conn).get_table_names())
    engine.dispose()


def test_pre_migration_store_upgrades_in_place_without_losing_rows(db_url: str) -> None:
    # Exactly what Store did before Alembic: create_all of the two original tables.
    engine = create_engine(db_url)
    Base.metadata.create_all(engine, tables=[ArticleRow.__table__, StatementRow.__table__])
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO articles (id, hash, text, ingested_at, extracted_at, extractor) "
            "VALUES ('a1', 'h1', 'Kyiv rejected the demand.', :t, :t, 'old')"),
            {"t": datetime(2025, 3, 1)})
        conn.execute(text(
            "INSERT INTO statements (article_id, actor, action, issue, content, hedged, "
            "sentence, start, \"end\", confidence, extra) VALUES ('a1', 'UA', 'reject', "
            "'territory', '', false, 'Kyiv rejected the demand.', 0, 25, 0.9, '{}')"))
    engine.dispose()

    store = Store(db_url)
    try:
        article = store.get_article("a1")
        assert article is not None and article.text == "Kyiv rejected the demand."
        [statement] = store.statements()
        assert (statement.actor, statement.action, statement.issue) == \
            ("UA", "reject", "territory")
        assert store.count_articles(pending_only=True) == 0  # extraction state kept
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert inspect(conn).has_table("feeds")
    finally:
        store.close()
    Store(db_url).close()  # opening an up-to-date store again is a no-op


def test_migrations_match_the_models(db_url: str) -> None:
    """Fails when a table or column is added to the models without a migration."""
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_then_upgrade_keeps_articles(db_url: str) -> None:
    store = Store(db_url)
    from stancemap.models import Article

    store.add_article(Article(id="a1", text="Moscow demanded guarantees."))
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    with store.engine.connect() as conn:
        assert not inspect(conn).has_table("feeds")
    store.close()
    store = Store(db_url)
    assert store.get_article("a1") is not None
    with store.engine.connect() as conn:
        assert inspect(conn).has_table("feeds")
    store.close()
