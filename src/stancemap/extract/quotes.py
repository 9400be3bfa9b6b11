"""Quoted passages and the person who speaks them."""

from __future__ import annotations

import re

from spacy.tokens import Span

from stancemap.extract import english
from stancemap.extract.actors import Memory, Ref, SentenceActors, resolve_np

_HEADLINE_SPEAKER = re.compile(r"^([^:“\"]{2,60}):\s")


def regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks; an unclosed quote runs to the end."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        if start is None:
            if ch in "“«„" or (ch == '"'):
                start = i
        elif ch in "”»" or ch == '"' or (ch == "“" and text[start] == "„"):
            out.append((start, i + 1))
            start = None
    if start is not None:
        out.append((start, len(text)))
    return out


def inside(idx: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= idx < e for s, e in spans)


def speaker(
    sent: Span, actors: SentenceActors, mem: Memory, spans: list[tuple[int, int]]
) -> Ref | None:
    """Who the sentence reports as speaking: the subject of a speech verb outside quotes,
    or the name before a headline colon ("Zelensky: ...")."""
    m = _HEADLINE_SPEAKER.match(sent.text)
    if m:
        end = sent.start_char + m.end(1)
        for s, _e, ref in actors.refs:
            if sent.doc[s].idx < end:
                return ref
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in english.SPEECH_VERBS:
            continue
        if inside(tok.idx, spans) or any(c.dep_ == "neg" for c in tok.children):
            # "has not commented on": nobody speaks here.
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not inside(child.idx, spans):
                refs = resolve_np(child, actors, mem, None, spans)
                if refs:
                    return refs[0]
    return None
