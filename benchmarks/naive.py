"""The naive keyword baseline the extractor is measured against.

A sentence (split on end punctuation) that names a party, an action cue and issue terms
gives one statement per issue: the first party named, the first cue's action.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from stancemap.extract.lexicon import Lexicon
from stancemap.isolation import OnError, extract_each
from stancemap.models import Article, Statement
from stancemap.scenario import Scenario

_SENT = re.compile(r"[^.!?\n]+[.!?]?")


class NaiveExtractor:
    def __init__(self, scenario: Scenario) -> None:
        self.lex = Lexicon(scenario)
        cues = [c for c, d in self.lex.cues.items() if not d.weak]
        self.cue_re = re.compile(
            r"(?<!\w)("
            + "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
            + r")(?!\w)",
            re.I,
        )

    def extract(self, art: Article) -> list[Statement]:
        out = []
        for m in _SENT.finditer(art.text):
            sent = m.group(0)
            men = self.lex.mentions(sent)
            cue = self.cue_re.search(sent)
            if not men or not cue:
                continue
            action = self.lex.cues[cue.group(1).lower()].action
            for issue in self.lex.issues(sent):
                out.append(
                    Statement(
                        art.id, men[0].party, action, issue, sent, start=m.start(), end=m.end()
                    )
                )
        return out

    def extract_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 32,
        on_error: OnError | None = None,
    ) -> Iterator[tuple[Article, list[Statement]]]:
        return extract_each(self.extract, articles, on_error)
