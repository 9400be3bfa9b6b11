"""Telling English articles from the rest when the record does not say."""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType

_WORD = re.compile(r"[^\W\d_]+")
# Short, frequent English words: scraped English pages keep a high share of them even
# when names and navigation confuse a character-level identifier.
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "that",
        "on",
        "for",
        "is",
        "was",
        "with",
        "by",
        "as",
        "at",
        "from",
        "it",
        "has",
        "have",
        "said",
    ]
)


@lru_cache(maxsize=1)
def _identifier() -> ModuleType:
    import py3langid

    return py3langid


def is_english(text: str) -> bool:
    """True unless the text is clearly in another language."""
    words = _WORD.findall(text[:3000])
    if not words:
        return True
    latin = sum(1 for w in words if w.isascii()) / len(words)
    if latin < 0.5:
        return False
    stop_share = sum(1 for w in words if w.lower() in _STOP) / len(words)
    if len(words) < 30 or stop_share >= 0.12:
        return stop_share > 0.0 or len(words) < 12
    lang, _score = _identifier().classify(text[:3000])
    return bool(lang == "en")
