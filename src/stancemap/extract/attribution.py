"""Whom an article credits for a claim, and whether it marks the claim as unconfirmed."""

from __future__ import annotations

import re

from stancemap.extract.lexicon import Lexicon

# Words near an outlet's name that make it the origin of a claim, not a venue of a speech.
_REPORTISH = re.compile(
    r"\b(according to|report(?:s|ed|ing)?|cit(?:ing|ed)|reviewed|seen by|obtained by|"
    r"quot(?:ed|ing)|"
    r"reveal(?:s|ed)|wr(?:ote|ites)|publish(?:ed|es)|learned|told)\b",
    re.I,
)
_ACCORDING = re.compile(r"\baccording to\s+([^,;:.—–()]{2,80})", re.I)
_FILLER = re.compile(
    r"^(?:a|an|the)?\s*(?:new|recent|detailed|separate|latest)?\s*(?:reports?|article|story)\s+(?:by|in|from|of)\s+",
    re.I,
)


def _near(text: str, start: int, end: int, window: int = 60) -> bool:
    lo, hi = max(0, start - window), min(len(text), end + window)
    return bool(_REPORTISH.search(text[lo:start]) or _REPORTISH.search(text[end:hi]))


def outlet(text: str, lex: Lexicon, allow_told: bool = True) -> str | None:
    """The known outlet a sentence credits with a report ("Reuters reported", "told Axios")."""
    for start, end, name in lex.sources(text):
        lo = max(0, start - 60)
        before = text[lo:start]
        if not allow_told and re.search(r"\btold\s+(?:the\s+)?$", before):
            continue
        if _near(text, start, end):
            return name
    return None


def according_to(text: str) -> str | None:
    """The phrase after "according to", minus "a report by"."""
    m = _ACCORDING.search(text)
    if not m:
        return None
    phrase = _FILLER.sub("", m.group(1).strip())
    words = phrase.split()
    if not words:
        return None
    # "according to him" credits a speaker the caller resolves; only noun phrases here.
    if words[0].lower() in ("him", "her", "them", "it", "this", "that", "which"):
        return None
    return " ".join(words[:8])


def hedged(text: str, lex: Lexicon) -> bool:
    return bool(lex.hedge_re.search(text))
