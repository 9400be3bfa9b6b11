"""Property-based tests: every reader and extraction survive hostile input.

Example counts stay modest so the suite stays fast; benchmarks/fuzz.py runs thousands.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzzing
from tests.fuzzing import FuzzRun

FAST = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def run() -> Iterator[FuzzRun]:
    with fuzzing.fuzz_run() as fuzz:
        yield fuzz


def _clean(run: FuzzRun) -> None:
    crashes = [f"{c.reader}: {c.sample}\n{c.trace}" for c in run.crashes]
    assert crashes == []
    assert run.violations == []


@FAST
@given(data=fuzzing.hostile_bytes, name=fuzzing.file_name)
def test_text_files(run: FuzzRun, data: bytes, name: str) -> None:
    run.file("txt", ".txt", data, name)
    _clean(run)


@FAST
@given(data=fuzzing.html_bytes)
def test_html_files(run: FuzzRun, data: bytes) -> None:
    run.file("html", ".html", data)
    _clean(run)


@FAST
@given(data=fuzzing.jsonl_bytes)
def test_jsonl_files(run: FuzzRun, data: bytes) -> None:
    run.file("jsonl", ".jsonl", data)
    _clean(run)


@FAST
@given(body=fuzzing.feed_bytes)
def test_feeds(run: FuzzRun, body: bytes) -> None:
    run.feed(body)
    _clean(run)


@FAST
@given(response=fuzzing.url_response)
def test_url_responses(run: FuzzRun, response: dict[str, object]) -> None:
    run.url(response)
    _clean(run)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(texts=st.lists(st.one_of(fuzzing.prose_with_noise, fuzzing.hostile_text.filter(
    lambda t: t.strip())), min_size=1, max_size=3))
def test_extraction(run: FuzzRun, texts: list[str]) -> None:
    run.extract(texts)
    _clean(run)


def test_store_is_consistent_after_fuzzing(run: FuzzRun) -> None:
    assert sum(run.tried.values()) > 0
    assert run.final_check() == []


def test_a_line_over_the_limit_is_skipped_without_reading_it_whole(run: FuzzRun) -> None:
    good = b'{"id": "after-big", "text": "A unique line after the big one. ' \
        + fuzzing.PROSE.encode() + b'"}\n'
    run.file("jsonl", ".jsonl", b'{"id": "big", "text": "' + b"a" * (6 * 1024 * 1024)
             + b'"}\n' + good)
    _clean(run)
    assert run.store.get_article("after-big") is not None
    assert run.store.get_article("big") is None
