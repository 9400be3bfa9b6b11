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
    w_text: float = 1.0
    threshold: float = 0.55


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
    """1 same lead source, 0.5 overlapping sources, 0 unknown, None conflicting sources."""
    oa, ob = origins(a), origins(b)
    if not oa or not ob:
        return 0.0
    if oa[0] == ob[0]:
        return 1.0
    if set(oa) & set(ob):
        return 0.5
    return None


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
    credit = credit_agreement(a, b)
    if credit is None:
        return None
    quote = min(1.0, len(a.quotes & b.quotes) / config.quote_full)
    ent = entity_similarity(a, b, weight)
    lead = lead_similarity(a, b, weight)
    s = (
        config.w_credit * credit
        + config.w_quote * quote
        + config.w_entity * ent
        + config.w_lead * lead
        + config.w_text * j
    )
    if s < config.threshold:
        return None
    return Link("retelling", s, j, credit, quote, ent, lead)
