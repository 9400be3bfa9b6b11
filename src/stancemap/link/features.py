"""What the provenance index keeps per article: a MinHash signature for copies and the
credited outlets, quotes, names and date for re-tellings. All of it is plain data so a
store row can hold it (`to_record` / `from_record`) and the index can be rebuilt without
re-reading article texts."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from datasketch import MinHash

from stancemap.link.entities import capitalised_entities
from stancemap.link.outlets import OutletCatalog, order_credits
from stancemap.link.quotes import quote_shingles
from stancemap.link.text import body, leading_date, shingles, words
from stancemap.link.text import lead as lead_of
from stancemap.models import Article

# One fixed seed and scheme: signatures made by different processes, or stored by an
# earlier run, must be comparable, and datasketch cannot tell schemes apart from values.
SEED = 1
SCHEME = "affine32"


@dataclass(slots=True)
class FeatureConfig:
    num_perm: int = 128
    shingle_size: int = 5
    quote_shingle_size: int = 4
    lead_chars: int = 400  # title plus this much of the body states what the news is
    lead_credit_chars: int = 1000  # credits this near the top name the report's source


@dataclass(slots=True)
class ArticleFeatures:
    id: str
    signature: np.ndarray  # MinHash hash values, uint64[num_perm]
    credits: list[str] = field(default_factory=list)  # credited outlets, lead credit first
    # Credits near the top. A report re-telling a scoop credits it up front; an outlet
    # named deep in the text is usually a side detail of coverage of a public event.
    lead_credits: list[str] = field(default_factory=list)
    outlet: str | None = None  # catalogue name of the publishing outlet, if known
    raw_outlet: str | None = None  # the article's own outlet field, for display
    quotes: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    # Names in the title and first lines: background paragraphs mention every recent
    # event, the lead only the one the report is about.
    lead: frozenset[str] = frozenset()
    published: date | None = None
    n_words: int = 0

    @property
    def minhash(self) -> MinHash:
        return MinHash(
            num_perm=len(self.signature), seed=SEED, hashvalues=self.signature, scheme=SCHEME
        )

    def jaccard(self, other: ArticleFeatures) -> float:
        return float(np.count_nonzero(self.signature == other.signature)) / len(self.signature)

    def to_record(self) -> dict[str, Any]:
        """JSON-able row; the signature is raw little-endian uint64 bytes."""
        return {
            "id": self.id,
            "signature": self.signature.astype("<u8").tobytes(),
            "credits": list(self.credits),
            "lead_credits": list(self.lead_credits),
            "outlet": self.outlet,
            "raw_outlet": self.raw_outlet,
            "quotes": sorted(self.quotes),
            "entities": sorted(self.entities),
            "lead": sorted(self.lead),
            "published": self.published.isoformat() if self.published else None,
            "n_words": self.n_words,
        }

    @classmethod
    def from_record(cls, row: dict[str, Any]) -> ArticleFeatures:
        pub = row.get("published")
        if isinstance(pub, str):
            pub = date.fromisoformat(pub)
        return cls(
            id=row["id"],
            signature=np.frombuffer(row["signature"], dtype="<u8").astype(np.uint64),
            credits=list(row.get("credits") or []),
            lead_credits=list(row.get("lead_credits") or []),
            outlet=row.get("outlet"),
            raw_outlet=row.get("raw_outlet"),
            quotes=_interned(row.get("quotes") or ()),
            entities=_interned(row.get("entities") or ()),
            lead=_interned(row.get("lead") or ()),
            published=pub,
            n_words=int(row.get("n_words") or 0),
        )


def _interned(keys: Iterable[str]) -> frozenset[str]:
    # Names recur across thousands of articles; one shared string each keeps an index of
    # 100k articles' features in memory several hundred MiB smaller.
    return frozenset(sys.intern(k) for k in keys)


def signature(tokens: list[str], config: FeatureConfig) -> np.ndarray:
    mh = MinHash(num_perm=config.num_perm, seed=SEED, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles(tokens, config.shingle_size)])
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def extract(
    article: Article,
    catalog: OutletCatalog,
    config: FeatureConfig | None = None,
    entities: Iterable[str] | None = None,
    lead_entities: Iterable[str] | None = None,
) -> ArticleFeatures:
    """Features of one article. `entities` and `lead_entities` replace the capitalised-word
    scan of the whole text and of its title and lead, e.g. with `spacy_entities(nlp(t))`."""
    config = config or FeatureConfig()
    text = body(article.text)
    tokens = words(text)
    outlet = catalog.outlet_of(article.outlet, article.url)
    # Crediting oneself ("TASS reported" on tass.com) is the outlet's own report, not a
    # re-telling of someone else's, so the own outlet is not a credit.
    found = catalog.find_credits(text)
    credits = [c for c in order_credits(found) if c != outlet]
    lead_credits = [c for c in order_credits(found, config.lead_credit_chars) if c != outlet]
    full = (article.title or "") + "\n" + text
    ents = _interned(entities if entities is not None else capitalised_entities(full))
    if lead_entities is None:
        lead_text = (article.title or "") + "\n" + lead_of(text, config.lead_chars)
        lead_entities = capitalised_entities(lead_text, full)
    lead = _interned(lead_entities)
    return ArticleFeatures(
        id=article.id,
        signature=signature(tokens, config),
        credits=credits,
        lead_credits=lead_credits,
        outlet=outlet,
        raw_outlet=article.outlet,
        quotes=_interned(quote_shingles(text, config.quote_shingle_size)),
        entities=ents | lead,
        lead=lead,
        published=article.published or leading_date(article.text),
        n_words=len(tokens),
    )
