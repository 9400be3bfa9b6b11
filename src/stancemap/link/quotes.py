"""Direct quotes: a rewritten report changes its own sentences but keeps the words it
quotes, so shared quoted words are the best trace of a common original."""

from __future__ import annotations

import re

from stancemap.link.text import shingles, words

# Curly, straight, guillemet and low-high quotes; a quote does not run across a blank line.
_QUOTE = re.compile(r"[“\"«„]([^”\"»“„\n]{8,600}?)[”\"»“]")


def quotes(text: str, min_words: int = 3) -> list[str]:
    """Quoted passages of at least `min_words` words, normalised to lower-case words."""
    out: list[str] = []
    for m in _QUOTE.finditer(text):
        toks = words(m.group(1))
        if len(toks) >= min_words:
            out.append(" ".join(toks))
    return out


def quote_shingles(text: str, size: int = 4) -> set[str]:
    """Word n-grams inside quotes, so a quote cut shorter by a re-teller still matches."""
    out: set[str] = set()
    for q in quotes(text, min_words=size):
        out |= shingles(q.split(), size)
    return out
