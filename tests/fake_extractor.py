"""A stand-in for stancemap.extract, for tests and benchmarks only.

The crash and fuzz harnesses use it through STANCEMAP_EXTRACTOR_FACTORY when the real engine
cannot be imported. It is deterministic (same text, same statements) and keeps the engine's
contract that `text[start:end] == sentence`, so the store's invariants can be checked.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from stancemap.isolation import OnError, extract_each
from stancemap.models import Article, Statement

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_CUES = {"demand": "demand", "offer": "offer", "reject": "reject", "accept": "accept",
         "propos": "propose", "insist": "demand", "refus": "reject", "call": "propose"}
_ACTORS = {"russia": "RUS", "putin": "RUS", "kremlin": "RUS", "moscow": "RUS",
           "ukrain": "UKR", "zelensk": "UKR", "kyiv": "UKR", "trump": "USA",
           "washington": "USA", "europe": "EU"}


class FakeExtractor:
    def __init__(self, scenario: Any = None, model: str = "") -> None:
        # Seconds per article, so a harness can kill a run in the middle of extraction.
        self.delay = float(os.environ.get("STANCEMAP_FAKE_DELAY", "0") or 0)

    def extract(self, article: Article) -> list[Statement]:
        found: list[Statement] = []
        seen: set[tuple[int, str, str]] = set()
        for match in _SENTENCE.finditer(article.text):
            sentence = match.group(0)
            lower = sentence.lower()
            actor = next((code for word, code in _ACTORS.items() if word in lower), None)
            action = next((act for cue, act in _CUES.items() if cue in lower), None)
            if actor is None or action is None or (match.start(), actor, action) in seen:
                continue
            seen.add((match.start(), actor, action))
            found.append(Statement(
                doc=article.id, actor=actor, action=action, issue="ceasefire",
                sentence=sentence, start=match.start(), end=match.end(),
                content=sentence[:80], hedged="reportedly" in lower,
                date=article.published, confidence=0.5, extra={"fake": True}))
        return found

    def extract_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 32,
        on_error: OnError | None = None,
    ) -> Iterator[tuple[Article, list[Statement]]]:
        def slowly(article: Article) -> list[Statement]:
            if self.delay:
                time.sleep(self.delay)
            return self.extract(article)

        return extract_each(slowly, articles, on_error)


def make_extractor(scenario: Any, model: str = "") -> FakeExtractor:
    return FakeExtractor(scenario, model)
