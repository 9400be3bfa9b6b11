"""Extraction on a Dask LocalCluster gives the single-process path's statements exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from stancemap.distributed import extract_on_dask, run_distributed_extraction
from stancemap.distributed.doubles import KeywordExtractor
from stancemap.distributed.worker import worker_stats
from stancemap.models import Article
from stancemap.pipeline import run_extraction
from stancemap.scenario import Scenario, load_scenario
from stancemap.store import Store
from tests.corpus import make_articles

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario()


def _fill(store: Store) -> None:
    for article in make_articles(150):
        store.add_article(article)
    store.add_article(Article(id="ru1", language="ru",
                              text="Россия потребовала гарантий безопасности от Украины."))


def _dump(store: Store) -> list[str]:
    return sorted(json.dumps(s.to_json(), sort_keys=True, ensure_ascii=False)
                  for s in store.statements())


def test_same_statements_as_single_process(
    client: object, scenario: Scenario, store: Store, sqlite_url: str
) -> None:
    single = Store(sqlite_url.replace("test.db", "single.db"))
    _fill(single)
    _fill(store)
    expected = run_extraction(single, scenario, extractor=KeywordExtractor(scenario))
    summary = run_distributed_extraction(store, scenario, client, partition_size=16,
                                         extractor_factory=KeywordExtractor)
    assert summary.failed == []
    assert (summary.articles, summary.statements, summary.skipped_languages) == \
        (expected.articles, expected.statements, expected.skipped_languages)
    assert summary.statements > 150
    assert _dump(store) == _dump(single)
    assert store.count_articles(pending_only=True) == 0
    single.close()


def test_model_loaded_once_per_worker(client: object, scenario: Scenario,
                                      sqlite_url: str) -> None:
    store = Store(sqlite_url)
    _fill(store)
    run_distributed_extraction(store, scenario, client, partition_size=8,
                               extractor_factory=KeywordExtractor)
    stats = client.run(worker_stats)  # type: ignore[attr-defined]
    assert len(stats) == 2
    # ~19 partitions ran, yet each process built the extractor exactly once (the scenario
    # is the same as in the other test, so a worker reuses the earlier one).
    assert all(s["loads"] == 1 for s in stats.values())
    store.close()


def test_rerun_only_extracts_new_articles(client: object, scenario: Scenario,
                                          sqlite_url: str) -> None:
    store = Store(sqlite_url)
    for article in make_articles(20):
        store.add_article(article)
    first = run_distributed_extraction(store, scenario, client, partition_size=8,
                                       extractor_factory=KeywordExtractor)
    for article in make_articles(5, seed=99, prefix="n"):
        store.add_article(article)
    second = run_distributed_extraction(store, scenario, client, partition_size=8,
                                        extractor_factory=KeywordExtractor)
    assert (first.articles, second.articles) == (20, 5)
    again = run_distributed_extraction(store, scenario, client, redo=True,
                                       extractor_factory=KeywordExtractor)
    assert again.articles == 25
    assert again.statements == first.statements + second.statements
    store.close()


def test_existing_cluster_by_scheduler_address(client: object, scenario: Scenario,
                                               sqlite_url: str) -> None:
    """The --scheduler path: connect to a running scheduler instead of starting one."""
    address = client.scheduler.address  # type: ignore[attr-defined]
    store = Store(sqlite_url)
    for article in make_articles(30):
        store.add_article(article)
    summary = extract_on_dask(store, scenario, scheduler=address,
                              extractor_factory=KeywordExtractor)
    assert summary.articles == 30 and store.count_articles(pending_only=True) == 0
    store.close()


def test_real_extractor_matches_single_process(client: object, scenario: Scenario,
                                               sqlite_url: str) -> None:
    """Runs once stancemap.extract is merged; skipped (with this reason) until then."""
    pytest.importorskip("stancemap.extract", reason="the real extractor is not merged yet")
    from stancemap.extract import Extractor

    single = Store(sqlite_url.replace("test.db", "single.db"))
    store = Store(sqlite_url)
    for db in (single, store):
        _fill(db)
    run_extraction(single, scenario, extractor=Extractor(scenario))
    summary = run_distributed_extraction(store, scenario, client, partition_size=16)
    assert summary.failed == []
    assert _dump(store) == _dump(single)
    single.close()
    store.close()
