"""Provenance linking: which articles are copies or re-tellings of the same original
report, and what that means for how well a stance is corroborated.

For the store:

    index = ProvenanceIndex(OutletCatalog.from_scenario(scenario))
    got = index.add(article)            # -> GroupAssignment, about constant time
    row = index.record(article.id)      # plain data to keep with the article
    # got.merged: groups folded into got.group_id by this add; move their members:
    #   group := got.group_id, kind 'origin' -> 'retelling'
    group = index.group(got.group_id)   # origin, first_seen, members, kinds, copy_of
    ...
    index = ProvenanceIndex.from_records(rows, catalog)   # on restart, no re-scoring

    corroborate(statements, index.group_map(), index.origin_map())
    find_contradictions(statements, index.group_map(), index.origin_map(), doc_dates)
"""

from stancemap.link.contradictions import Contradiction, find_contradictions
from stancemap.link.corroboration import Corroboration, corroborate
from stancemap.link.features import ArticleFeatures, FeatureConfig, extract
from stancemap.link.index import (
    COPY,
    ORIGIN,
    RETELLING,
    Group,
    GroupAssignment,
    IndexConfig,
    ProvenanceIndex,
)
from stancemap.link.metrics import PRF, bcubed, pairwise
from stancemap.link.outlets import OutletCatalog
from stancemap.link.scoring import Link, ScoringConfig

__all__ = [
    "COPY",
    "ORIGIN",
    "PRF",
    "RETELLING",
    "ArticleFeatures",
    "Contradiction",
    "Corroboration",
    "FeatureConfig",
    "Group",
    "GroupAssignment",
    "IndexConfig",
    "Link",
    "OutletCatalog",
    "ProvenanceIndex",
    "ScoringConfig",
    "bcubed",
    "corroborate",
    "extract",
    "find_contradictions",
    "pairwise",
]
