"""Names and figures an article mentions. A re-telling keeps the who, where and how many
of its original even when every sentence is rewritten.

The default is a cheap capitalised-word and number scan; pass a spaCy pipeline's entities
instead through `spacy_entities` when one is loaded anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Capitalised words that start sentences or name calendar units carry no provenance.
_STOP_WORDS = """a an and as at but by for from he her his i if in into it its last mr mrs ms
    new next no not of on or our she so that the their then there these they this those
    to was we what when where which while who why will with you your after before also
    however meanwhile earlier later yesterday today tomorrow according despite during
    under over read more share watch live breaking news update updated photo video
    image getty images reuters afp ap
    monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec president minister prime secretary foreign state
    states united u.s us uk eu"""
_STOP = frozenset(_STOP_WORDS.split())
_CAP = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w’'-]*[\w]|\b[A-Z]\b")
_NUM = re.compile(r"\b\d[\d,.]*\d(?:\s?(?:%|percent|km|miles|billion|million|days?|points?))?")
_YEAR = re.compile(r"^(19|20)\d\d$")

SPACY_LABELS = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "EVENT",
        "LAW",
        "MONEY",
        "QUANTITY",
        "CARDINAL",
        "PERCENT",
    }
)


def _norm(token: str) -> str:
    token = token.lower().replace("’", "'")
    return token[:-2] if token.endswith("'s") else token


def capitalised_entities(text: str, context: str | None = None) -> set[str]:
    """Capitalised words (not sentence-openers or calendar words) and multi-digit figures,
    lower-cased; single words so "Vladimir Putin" and "Putin" share a key."""
    # A word the text also writes in lower case is an ordinary word capitalised by a
    # Title Case headline or a sentence start ("Pushes", "Old"), not a name.
    # `context` (the whole article, when `text` is its lead) is where to look.
    lower = set(re.findall(r"\b[a-zà-ÿа-яёіїєґ][\w’'-]*", context or text))
    out: set[str] = set()
    for m in _CAP.finditer(text):
        tok = _norm(m.group(0))
        if len(tok) > 1 and tok not in _STOP and tok not in lower:
            out.add(tok)
    for m in _NUM.finditer(text):
        num = m.group(0).replace(",", "").rstrip(".")
        if not _YEAR.match(num):
            out.add("#" + num.lower())
    return out


def spacy_entities(doc: Any) -> set[str]:
    """Entity keys from a parsed spaCy `Doc`, in the same single-word form."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in SPACY_LABELS:
            continue
        for tok in ent:
            if tok.like_num:
                num = tok.text.replace(",", "")
                if not _YEAR.match(num):
                    out.add("#" + num.lower())
            elif tok.is_alpha and not tok.is_stop:
                t = _norm(tok.text)
                if len(t) > 1 and t not in _STOP:
                    out.add(t)
    return out


def name_tokens(names: Iterable[str]) -> set[str]:
    """Single-word keys of names such as a scenario's parties and speakers: the actors every
    article on the negotiation mentions, which therefore tell reports apart poorly."""
    out: set[str] = set()
    for name in names:
        for tok in re.findall(r"[\w’'-]+", name):
            t = _norm(tok)
            if len(t) > 1 and t not in _STOP:
                out.add(t)
    return out
