"""Code that runs inside Dask worker processes.

The spaCy model is loaded once per worker process and kept in a module-level cache keyed
by (factory, model, scenario): a worker then serves every partition it is given with the
same loaded pipeline, and a second scenario or model on the same cluster gets its own entry
instead of silently reusing the wrong one.
"""

from __future__ import annotations

import os
import resource
import threading
from collections.abc import Callable
from typing import Any

from stancemap.models import Article, Statement
from stancemap.pipeline import ExtractorLike
from stancemap.scenario import Scenario

ExtractorFactory = Callable[[Scenario, str], ExtractorLike]

_CACHE: dict[tuple[str, str, str], ExtractorLike] = {}
_LOCK = threading.Lock()  # a worker with several threads must still load the model once
_LOADS = 0


def default_factory(scenario: Scenario, model: str) -> ExtractorLike:
    """The real extractor; imported here so that only workers pay for loading spaCy."""
    from stancemap.extract import Extractor

    extractor: ExtractorLike = Extractor(scenario, model=model)
    return extractor


def _key(factory: ExtractorFactory, scenario: Scenario, model: str) -> tuple[str, str, str]:
    name = f"{getattr(factory, '__module__', '?')}.{getattr(factory, '__qualname__', factory)}"
    return name, model, scenario.model_dump_json()


def get_extractor(factory: ExtractorFactory, scenario: Scenario, model: str) -> ExtractorLike:
    global _LOADS
    key = _key(factory, scenario, model)
    with _LOCK:
        extractor = _CACHE.get(key)
        if extractor is None:
            extractor = factory(scenario, model)
            _CACHE[key] = extractor
            _LOADS += 1
    return extractor


def extract_partition(
    articles: list[Article],
    scenario: Scenario,
    model: str,
    factory: ExtractorFactory,
    batch_size: int,
) -> tuple[list[tuple[str, list[Statement]]], list[tuple[str, str]]]:
    """(article id, statements) per article that went through, and (article id, reason)
    per article that failed, so one bad article does not fail its whole partition."""
    extractor = get_extractor(factory, scenario, model)
    failed: list[tuple[str, str]] = []

    def note(article: Article, exc: Exception) -> None:
        failed.append((article.id, f"{exc.__class__.__name__}: {exc}"))

    # list(): the results are pickled back to the client, and a generator cannot be.
    done = [(article.id, list(statements)) for article, statements
            in extractor.extract_many(articles, batch_size=batch_size, on_error=note)]
    return done, failed


def warm_up(scenario: Scenario, model: str, factory: ExtractorFactory) -> int:
    """Load the model before the first partition arrives (used via Client.run)."""
    get_extractor(factory, scenario, model)
    return os.getpid()


def worker_stats() -> dict[str, Any]:
    """Process id, models loaded so far and peak resident memory, for tests and benchmarks."""
    return {
        "pid": os.getpid(),
        "loads": _LOADS,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
