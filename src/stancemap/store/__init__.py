"""Persistence: articles and statements in one SQL database (SQLite or PostgreSQL)."""

from stancemap.store.database import DEFAULT_DB_URL, Store, StoreError, resolve_db_url

# Imported for its side effect: the reviews table joins Base.metadata before any Store
# runs create_all, so every database gets it.
from stancemap.store import reviews as _reviews  # noqa: E402,F401  isort: skip

__all__ = ["DEFAULT_DB_URL", "Store", "StoreError", "resolve_db_url"]
