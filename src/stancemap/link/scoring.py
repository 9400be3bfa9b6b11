"""Pairwise evidence that two articles derive from the same original report.

Names are weighted by rarity (`weight`, an inverse document frequency the index keeps),
because every article on a negotiation names its main actors; what tells reports apart is
the rarer who, where and how many of one event.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from stancemap.link.features import ArticleFeatures

Weight = Callable[[str], float]


@dataclass(slots=True)
class ScoringConfig:
    copy_threshold: float = 0.5  # MinHash Jaccard of word 5-shingles that makes a copy
    max_days: int = 3  # re-tellings of one report appear within days of each other
    quote_full: int = 3  # shared quote 4-grams that count as one full shared quote
    w_credit: float = 0.45
    w_quote: float = 0.45
    w_entity: float = 0.5
    w_lead: float = 1.0
    # A shared credit counts in full only when the leads agree this much: a wire agency
    # is credited by most of a day's stories, most of them about other events.
    credit_lead: float = 0.25
    w_text: float = 1.0
    threshold: float = 0.65
    # An article that links two existing groups fuses them only if both links are this
    # strong; single-link chaining through weak links fuses neighbouring scoops.
    merge_threshold: float = 0.9


@dataclass(slots=True)
class Link:
    kind: str  # "copy" or "retelling"
    score: float
    jaccard: float
    credit: float = 0.0
    quote: float = 0.0
    entity: float = 0.0
    lead: float = 0.0


def origins(f: ArticleFeatures) -> list[str]:
    """Who the article's report comes from: its credited outlets, else its own outlet when
    that is a known news organisation (an uncredited article on reuters.com is Reuters')."""
    if f.credits:
        return f.credits
    return [f.outlet] if f.outlet else []


def credit_agreement(a: ArticleFeatures, b: ArticleFeatures) -> float | None:
    """1 same lead source, 0.5 overlapping sources, 0 unknown, None conflicting sources.

    Only credits near the top conflict: that is where a re-telling names the scoop it
    re-tells, while an outlet named further down ("Trump told CNN") is often a detail of
    coverage of a public event. Only explicit credits conflict: an uncredited story on a
    known outlet's site may re-tell someone else's report. Sharing a publisher is no
    evidence (an outlet publishes many reports), but an explicit credit of the other
    article's own outlet ("TASS reported" against a tass.com story) is."""
    if a.lead_credits and b.lead_credits:
        if a.lead_credits[0] == b.lead_credits[0]:
            return 1.0
        return 0.5 if set(a.credits) & set(b.credits) else None
    if a.credits and b.credits and a.credits[0] == b.credits[0]:
        return 1.0
    if set(a.credits) & set(b.credits):
        return 0.5
    if a.credits and b.outlet in a.credits:
        return 1.0
    if b.credits and a.outlet in b.credits:
        return 1.0
    return 0.0


def _mass(keys: Iterable[str], weight: Weight) -> float:
    return sum(weight(k) for k in keys)


def entity_similarity(a: ArticleFeatures, b: ArticleFeatures, weight: Weight) -> float:
    """Weighted cosine of the two name sets."""
    wa, wb = _mass(a.entities, weight), _mass(b.entities, weight)
    if not wa or not wb:
        return 0.0
    return _mass(a.entities & b.entities, weight) / math.sqrt(wa * wb)


def lead_similarity(a: ArticleFeatures, b: ArticleFeatures, weight: Weight) -> float:
    """How much of each lead's names the other article has, the weaker direction: both
    must be about the event the other leads with."""
    out = 1.0
    for x, y in ((a, b), (b, a)):
        wl = _mass(x.lead, weight)
        if not wl:
            return 0.0
        out = min(out, _mass(x.lead & y.entities, weight) / wl)
    return out


def score_pair(
    a: ArticleFeatures, b: ArticleFeatures, config: ScoringConfig, weight: Weight
) -> Link | None:
    """The link between two articles, or None when they do not share an origin."""
    j = a.jaccard(b)
    if j >= config.copy_threshold:
        return Link("copy", 1.0 + j, j)
    if a.published and b.published and abs((a.published - b.published).days) > config.max_days:
        return None
    quote = min(1.0, len(a.quotes & b.quotes) / config.quote_full)
    credit = credit_agreement(a, b)
    if credit is None:
        # Different outlets credited: two scoops, unless both quote the same words at
        # length, which is an on-record event (a speech, a briefing) every outlet covered.
        if quote < 1.0:
            return None
        credit = 0.0
    ent = entity_similarity(a, b, weight)
    lead = lead_similarity(a, b, weight)
    s = (
        config.w_credit * credit * min(1.0, lead / config.credit_lead)
        + config.w_quote * quote
        + config.w_entity * ent
        + config.w_lead * lead
        + config.w_text * j
    )
    if s < config.threshold:
        return None
    return Link("retelling", s, j, credit, quote, ent, lead)
