"""Whom an article credits for a claim, and whether it marks the claim as unconfirmed."""

from __future__ import annotations

import re

from spacy.tokens import Span

from stancemap.extract import english
from stancemap.extract.lexicon import Lexicon

# Words near an outlet's name that make it the origin of a claim, not a venue of a speech.
_REPORTISH = re.compile(
    r"\b(according to|report(?:s|ed|ing)?|cit(?:ing|ed)|reviewed|seen by|obtained by|"
    r"quot(?:ed|ing)|"
    r"reveal(?:s|ed)|wr(?:ote|ites)|publish(?:ed|es)|learned|told|via)\b",
    re.I,
)
# The phrase ends at punctuation, but not at the full stop of a form of address ("Mr."),
# an initialism ("U.S.") or a month as news style shortens it ("Jan.", "Sept.").
_SHORTENED = sorted({h.rstrip(".") for h in english.HONORIFICS} | {"gen", "sen", "rep", "st"}
                    | {"jan", "feb", "aug", "sept", "oct", "nov", "dec"})
_ABBREVIATION = rf"(?:{'|'.join(_SHORTENED)})\.\s*|(?:[A-Z]\.){{2,}}\s*"
_ACCORDING = re.compile(
    rf"\baccording to\s+((?:{_ABBREVIATION}|[^,;:.—–()]){{2,80}})", re.I
)
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


_REPORT_VERBS = frozenset({"report", "write", "publish", "reveal", "cite", "detail", "learn"})
# Heads that make a subject a news source even when its name is not a known outlet.
_SOURCE_HEADS = frozenset(
    {"media", "outlet", "newspaper", "paper", "agency", "channel", "broadcaster", "daily",
     "tabloid", "magazine", "website", "publication", "press"}
)


def reporting_subject(sent: Span, lex: Lexicon) -> str | None:
    """A source that is no known outlet but reports in the sentence: "Russian media
    reported", "Espreso writes", "the agency cited": the subject of a reporting verb that
    is a news organisation (by its head word or as a named organisation), not a party."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in _REPORT_VERBS:
            continue
        for subj in tok.children:
            if subj.dep_ != "nsubj":
                continue
            head_word = subj.lower_
            named = (
                subj.text[:1].isupper()
                and subj.i != sent.start
                and subj.ent_type_ not in ("PERSON", "GPE", "NORP")
            ) or subj.ent_type_ == "ORG"
            if head_word not in _SOURCE_HEADS and subj.lemma_.lower() not in _SOURCE_HEADS and (
                not named
            ):
                continue
            if lex.mentions(subj.text):
                # "the Kremlin reported": a party speaking, not a source re-telling it.
                continue
            words = [t for t in subj.subtree if not t.is_punct]
            if words and words[0].lower_ == "the":
                words = words[1:]
            phrase = " ".join(t.text for t in words)
            if phrase:
                return phrase
    return None
