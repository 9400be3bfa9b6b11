"""One article's failure must not stop the others: the error contract of `extract_many`.

Every extractor takes an optional `on_error(article, exc)`. With it, a failing article is
reported there and left out while the rest go through; without it, the error propagates
to the caller, who then sees exactly what broke.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from stancemap.models import Article, Statement

OnError = Callable[[Article, Exception], None]


def report_failure(article: Article, exc: Exception, on_error: OnError | None) -> None:
    """Hand the failure to on_error, or re-raise it when nobody asked to be told."""
    if on_error is None:
        raise exc
    on_error(article, exc)


def extract_each(
    extract: Callable[[Article], list[Statement]],
    articles: Iterable[Article],
    on_error: OnError | None = None,
) -> Iterator[tuple[Article, list[Statement]]]:
    """`extract_many` for extractors that read one article at a time."""
    for article in articles:
        try:
            found = extract(article)
        except Exception as exc:
            report_failure(article, exc, on_error)
            continue
        yield article, found
