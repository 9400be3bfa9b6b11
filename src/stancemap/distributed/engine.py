"""Batch extraction on a Dask distributed cluster.

The client (this process) owns the store: it streams pending articles in partitions, a
bounded number of partitions are in flight on the workers at once, and each partition's
results come back and are written in one transaction. So memory stays flat in the number of
pending articles, workers need no access to the database (any cluster works with any store,
SQLite included), and a run killed at any point leaves every article either fully extracted
or still pending, to be picked up by the next run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from stancemap.distributed.worker import (
    ExtractorFactory,
    default_factory,
    extract_partition,
    warm_up,
)
from stancemap.models import Article
from stancemap.pipeline import DEFAULT_MODEL, ExtractSummary, extractor_version
from stancemap.scenario import Scenario
from stancemap.store import Store
from stancemap.store.batch import write_results

DEFAULT_PARTITION_SIZE = 64


def _partitions(
    store: Store, scenario: Scenario, summary: ExtractSummary, version: str, size: int,
    on_article: Callable[[Article], None] | None,
) -> Iterator[list[Article]]:
    skipped: list[tuple[str, list[Any]]] = []
    part: list[Article] = []
    for article in store.articles(pending_only=True, batch_size=max(size, 200)):
        if article.language and article.language != scenario.language:
            # Same rule as the single-process path: marked extracted with no statements.
            summary.skipped_languages[article.language] = \
                summary.skipped_languages.get(article.language, 0) + 1
            skipped.append((article.id, []))
            if on_article:
                on_article(article)
            if len(skipped) >= size:
                _, failed = write_results(store, skipped, version)
                summary.failed.extend(failed)
                skipped = []
            continue
        part.append(article)
        if len(part) >= size:
            yield part
            part = []
    if skipped:
        _, failed = write_results(store, skipped, version)
        summary.failed.extend(failed)
    if part:
        yield part


def run_distributed_extraction(
    store: Store,
    scenario: Scenario,
    client: Any,
    *,
    model: str = DEFAULT_MODEL,
    redo: bool = False,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    batch_size: int = 32,
    max_in_flight: int | None = None,
    extractor_factory: ExtractorFactory | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> ExtractSummary:
    """Extract every pending article (all with `redo`) on the cluster behind `client`.
    `extractor_factory(scenario, model)` builds the extractor on each worker; it defaults
    to stancemap.extract.Extractor and must be importable by the workers."""
    from distributed import as_completed

    factory = extractor_factory or default_factory
    if redo:
        store.reset_extraction()
    summary = ExtractSummary()
    version = extractor_version(model)
    # Sent once to every worker instead of once per task. hash=False: a content-hashed key
    # would be shared with the previous run's scatter, which the scheduler may be releasing
    # just now ("computation on lost data").
    [scenario_ref] = client.scatter([scenario], broadcast=True, hash=False)
    client.run(warm_up, scenario, model, factory)
    workers = max(1, sum(client.nthreads().values()))
    # Two partitions per worker thread: one running, one queued, so no worker waits for
    # the client to read the next partition, and memory stays bounded.
    limit = max_in_flight or 2 * workers

    partitions = _partitions(store, scenario, summary, version, partition_size, on_article)
    pending_ids: dict[Any, list[Article]] = {}
    done = as_completed()

    def submit_next() -> bool:
        part = next(partitions, None)
        if part is None:
            return False
        future = client.submit(extract_partition, part, scenario_ref, model, factory,
                               batch_size, pure=False, retries=1)
        pending_ids[future] = part
        done.add(future)
        return True

    for _ in range(limit):
        if not submit_next():
            break
    for future in done:
        part = pending_ids.pop(future)
        try:
            results, extract_failed = future.result()
        except Exception as exc:  # a partition that fails twice stays pending for next run
            reason = f"{exc.__class__.__name__}: {exc}"
            summary.failed.extend((a.id, reason) for a in part)
        else:
            written, failed = write_results(store, results, version)
            summary.statements += written
            summary.failed.extend(extract_failed + failed)
            summary.articles += len(results) - len(failed)
        if on_article:
            for article in part:
                on_article(article)
        submit_next()
    return summary


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A client for the cluster at `scheduler`, else for a LocalCluster of `workers`
    single-threaded processes (spaCy is CPU-bound and holds the GIL: threads don't help)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def extract_on_dask(
    store: Store,
    scenario: Scenario,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    **options: Any,
) -> ExtractSummary:
    with dask_client(scheduler, workers) as client:
        return run_distributed_extraction(store, scenario, client, **options)
