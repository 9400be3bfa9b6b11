"""Persistence: articles and statements in one SQL database (SQLite or PostgreSQL)."""

from stancemap.store.database import DEFAULT_DB_URL, Store, StoreError, resolve_db_url

__all__ = ["DEFAULT_DB_URL", "Store", "StoreError", "resolve_db_url"]
