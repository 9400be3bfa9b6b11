"""Provenance linking: which articles are copies or re-tellings of the same original
report, and what that means for how well a stance is corroborated."""

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
