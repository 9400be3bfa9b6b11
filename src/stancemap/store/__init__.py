"""Persistence: articles and statements in one SQL database (SQLite or PostgreSQL)."""

from stancemap.store.database import DEFAULT_DB_URL, Store, StoreError, resolve_db_url

# Imported for their side effect: the reviews, provenance and forecast-edit tables join
# Base.metadata before any Store runs create_all, so every database gets them.
from stancemap.store import reviews as _reviews  # noqa: E402,F401  isort: skip
from stancemap.store import provenance as _provenance  # noqa: E402,F401  isort: skip
from stancemap.store import forecast_edits as _forecast_edits  # noqa: E402,F401  isort: skip

__all__ = ["DEFAULT_DB_URL", "Store", "StoreError", "resolve_db_url"]
