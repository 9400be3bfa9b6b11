"""Writing many articles' extraction results in one transaction.

Per-article transactions (Store.replace_statements) cost one commit each, which on a
networked PostgreSQL is most of the time spent per article when extraction runs on a
cluster. A batch keeps the same all-or-nothing guarantee per batch.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, update

from stancemap.models import Statement
from stancemap.store.database import Store, _now, _statement_row
from stancemap.store.schema import ArticleRow, StatementRow


def replace_statements_batch(
    store: Store, results: Sequence[tuple[str, Sequence[Statement]]], extractor: str
) -> int:
    """Swap each listed article's statements for the new ones and mark them extracted."""
    if not results:
        return 0
    ids = [article_id for article_id, _ in results]
    rows = [_statement_row(s) for _, statements in results for s in statements]
    with store.writing() as session:
        session.execute(delete(StatementRow).where(StatementRow.article_id.in_(ids)))
        session.add_all(rows)
        session.execute(
            update(ArticleRow).where(ArticleRow.id.in_(ids))
            .values(extracted_at=_now(), extractor=extractor)
        )
    return len(rows)


def write_results(
    store: Store, results: Sequence[tuple[str, Sequence[Statement]]], extractor: str
) -> tuple[int, list[tuple[str, str]]]:
    """A batch in one transaction; if it fails, article by article so that one bad article
    loses only itself. Returns (statements written, [(article id, reason)] failed)."""
    try:
        return replace_statements_batch(store, results, extractor), []
    except Exception:  # fall back below to find which article it was
        pass
    written, failed = 0, []
    for article_id, statements in results:
        try:
            written += store.replace_statements(article_id, statements, extractor)
        except Exception as exc:
            failed.append((article_id, f"{exc.__class__.__name__}: {exc}"))
    return written, failed
