"""The provenance index: which articles re-tell the same original report.

Adding an article costs about the same however many the index holds: copies are found by
MinHash LSH buckets, re-telling candidates through capped inverted lists of quotes and
names, and only a bounded number of candidates is scored. The article joins the group of
its strongest link; it fuses that group with another linked group only when that link is
strong too (`merge_threshold`) and the groups do not credit different outlets, because
single-link chaining through weak links fuses neighbouring scoops on one topic.

What holds about order: adding the same articles in the same order always gives the same
groups, whether in one run or across restarts through `records()` / `from_records()`.
Another order can give different groups where a score is close to a threshold, because
a name's rarity is counted over the articles seen so far (pass `background` counts to
steady it), because the capped lists keep the first articles with a name, and because
which links are strong enough to fuse groups depends on what was added first. On the
seeds every order gives the same groups (tested).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from datasketch import MinHashLSH

from stancemap.link.features import ArticleFeatures, FeatureConfig, extract
from stancemap.link.outlets import OutletCatalog
from stancemap.link.scoring import Link, ScoringConfig, score_pair
from stancemap.models import Article

ORIGIN, COPY, RETELLING = "origin", "copy", "retelling"


@dataclass(slots=True)
class GroupAssignment:
    """Where `add` put an article. A store writes `group_id` and `kind` on the article's
    row and, when `merged` is not empty, moves those groups' rows into `group_id`."""

    article_id: str
    group_id: str
    kind: str  # ORIGIN (first of its group), COPY (near-duplicate of copy_of) or RETELLING
    copy_of: str | None = None
    linked_to: str | None = None  # the article with the strongest link
    score: float = 0.0
    merged: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Group:
    id: str  # the id of the group's first article
    origin: str | None  # the outlet credited, else the earliest article's outlet
    origin_credited: bool  # True when some member credits `origin`
    first_seen: date | None
    members: list[str]  # in the order they were added
    kinds: dict[str, str]  # member -> ORIGIN / COPY / RETELLING
    copy_of: dict[str, str]  # copy -> the article it copies


@dataclass(slots=True)
class IndexConfig:
    features: FeatureConfig = field(default_factory=FeatureConfig)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    lsh_bands: tuple[int, int] | None = None  # (b, r) to override datasketch's choice
    max_postings: int = 64  # articles kept per quote or name; the rest are not candidates
    max_candidates: int = 32  # candidates scored per added article
    # Imaginary articles that mention nothing, added to the count of articles: without
    # them a name shared by the only two articles of a new index would weigh nothing.
    prior_docs: int = 20


class ProvenanceIndex:
    """Incremental grouping of articles by original report."""

    def __init__(
        self,
        catalog: OutletCatalog | None = None,
        config: IndexConfig | None = None,
        background: Mapping[str, int] | None = None,
        background_docs: int = 0,
    ) -> None:
        self.catalog = catalog or OutletCatalog.default()
        self.config = config or IndexConfig()
        self._lsh = MinHashLSH(
            threshold=self.config.scoring.copy_threshold,
            num_perm=self.config.features.num_perm,
            params=self.config.lsh_bands,
        )
        self._features: dict[str, ArticleFeatures] = {}
        self._seq: dict[str, int] = {}
        self._group: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._kind: dict[str, str] = {}
        self._copy_of: dict[str, str] = {}
        self._postings: dict[str, list[str]] = {}
        # group -> lead credits of its members; kept so a merge can be refused in O(1)
        self._credited: dict[str, Counter[str]] = {}
        self._df: Counter[str] = Counter()
        self._background: Mapping[str, int] = background or {}
        # Work done by adds so far, machine-independent: LSH candidates checked, inverted
        # list entries read, and pairs scored. Flat per-article growth is the cost claim.
        self.stats: Counter[str] = Counter()
        self._background_docs = background_docs

    # -- adding -------------------------------------------------------------------------

    def add(
        self,
        article: Article,
        entities: Iterable[str] | None = None,
        lead_entities: Iterable[str] | None = None,
    ) -> GroupAssignment:
        """Extract an article's features and place it; see `add_features`."""
        if article.id in self._features:
            return self.assignment(article.id)
        feats = extract(article, self.catalog, self.config.features, entities, lead_entities)
        return self.add_features(feats)

    def extend(self, articles: Iterable[Article]) -> list[GroupAssignment]:
        """Add articles in order; the same as calling `add` on each."""
        return [self.add(a) for a in articles]

    def add_features(self, feats: ArticleFeatures) -> GroupAssignment:
        """Place an article whose features are already extracted. Adding an id twice
        returns its first assignment."""
        if feats.id in self._features:
            return self.assignment(feats.id)
        self._df.update(feats.entities)
        self._seq[feats.id] = len(self._seq)
        self._features[feats.id] = feats

        original = self._find_copy(feats)
        if original is not None:
            gid = self._group[original]
            self._join(feats.id, gid, COPY)
            self._copy_of[feats.id] = original
            # A copy is not indexed: its original already answers for its words, which
            # keeps buckets and lists from filling with copies of one wire story.
            j = feats.jaccard(self._features[original])
            return GroupAssignment(feats.id, gid, COPY, original, original, j)

        links = self._links(feats)
        self._index(feats)
        chosen = self._compatible_groups(feats, links) if links else []
        if not chosen:
            self._members[feats.id] = []
            self._join(feats.id, feats.id, ORIGIN)
            return GroupAssignment(feats.id, feats.id, ORIGIN)
        groups = sorted(chosen, key=self._seq.__getitem__)
        target, absorbed = groups[0], groups[1:]
        for gid in absorbed:
            self._merge(gid, target)
        self._join(feats.id, target, RETELLING)
        best, link = max(
            ((o, lk) for o, lk in links if self._group[o] == target),
            key=lambda x: (x[1].score, -self._seq[x[0]]),
        )
        return GroupAssignment(feats.id, target, RETELLING, None, best, link.score, absorbed)

    def _compatible_groups(
        self, feats: ArticleFeatures, links: list[tuple[str, Link]]
    ) -> list[str]:
        """The linked groups the article may join, strongest link first. Groups whose
        members credit different outlets stay apart even when an uncredited article links
        to both: it could re-tell either scoop, and chaining would fuse two reports. A
        link through a long shared quote overrides that, as in `score_pair`: the outlets
        then credit their coverage of one on-record event. As in `score_pair`, only
        credits near the top count as a member's source."""
        best: dict[str, float] = {}
        quoted: set[str] = set()
        for other, link in links:
            gid = self._group[other]
            best[gid] = max(best.get(gid, 0.0), link.score)
            if link.quote >= 1.0:
                quoted.add(gid)
        credited = set(feats.lead_credits)
        chosen: list[str] = []
        for gid in sorted(best, key=lambda g: (-best[g], self._seq[g])):
            theirs = set(self._credited[gid])
            if chosen and best[gid] < self.config.scoring.merge_threshold:
                break
            if credited and theirs and not credited & theirs and gid not in quoted:
                continue
            chosen.append(gid)
            credited |= theirs
        return chosen

    def _find_copy(self, feats: ArticleFeatures) -> str | None:
        thr = self.config.scoring.copy_threshold
        best: tuple[float, int, str] | None = None
        found = self._lsh.query(feats.minhash)
        self.stats["lsh_candidates"] += len(found)
        for other in found:
            j = feats.jaccard(self._features[other])
            if j >= thr:
                key = (j, -self._seq[other], other)
                if best is None or key > best:
                    best = key
        return best[2] if best else None

    def _keys(self, feats: ArticleFeatures) -> list[str]:
        return ["q:" + q for q in feats.quotes] + ["e:" + e for e in feats.entities]

    def _index(self, feats: ArticleFeatures) -> None:
        self._lsh.insert(feats.id, feats.minhash, check_duplication=False)
        cap = self.config.max_postings
        for key in self._keys(feats):
            lst = self._postings.setdefault(key, [])
            if len(lst) < cap:
                lst.append(feats.id)

    def weight(self, key: str) -> float:
        """Inverse document frequency of a name over the index and the background."""
        n = len(self._seq) + self._background_docs + self.config.prior_docs
        df = self._df[key] + self._background.get(key, 0)
        return math.log((n + 1) / (df + 1))

    def _links(self, feats: ArticleFeatures) -> list[tuple[str, Link]]:
        votes: dict[str, float] = {}
        for key in self._keys(feats):
            lst = self._postings.get(key)
            if not lst:
                continue
            w = 1.0 if key.startswith("q:") else self.weight(key[2:])
            self.stats["postings_read"] += len(lst)
            for other in lst:
                votes[other] = votes.get(other, 0.0) + w
        ranked = sorted(votes, key=lambda o: (-votes[o], self._seq[o]))
        out: list[tuple[str, Link]] = []
        for other in ranked[: self.config.max_candidates]:
            self.stats["pairs_scored"] += 1
            link = score_pair(feats, self._features[other], self.config.scoring, self.weight)
            if link is not None:
                out.append((other, link))
        return out

    def _join(self, article_id: str, gid: str, kind: str) -> None:
        self._group[article_id] = gid
        self._members[gid].append(article_id)
        self._kind[article_id] = kind
        credits = self._features[article_id].lead_credits
        counter = self._credited.setdefault(gid, Counter())
        if credits:
            counter[credits[0]] += 1

    def _merge(self, gid: str, into: str) -> None:
        self._credited[into].update(self._credited.pop(gid, Counter()))
        for member in self._members.pop(gid):
            self._group[member] = into
            self._members[into].append(member)
            if self._kind[member] == ORIGIN:
                self._kind[member] = RETELLING
        self._members[into].sort(key=self._seq.__getitem__)

    # -- reading ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._seq)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._features

    def group_count(self) -> int:
        return len(self._members)

    def count_kind(self, kind: str) -> int:
        """How many articles are ORIGIN, COPY or RETELLING."""
        return sum(1 for k in self._kind.values() if k == kind)

    def features(self, article_id: str) -> ArticleFeatures:
        return self._features[article_id]

    def group_of(self, article_id: str) -> str:
        return self._group[article_id]

    def assignment(self, article_id: str) -> GroupAssignment:
        """Where an article sits now (after any merges); `linked_to` and `score` are only
        known at the time of `add` and are left empty here."""
        gid = self._group[article_id]
        return GroupAssignment(
            article_id, gid, self._kind[article_id], self._copy_of.get(article_id)
        )

    def group_map(self) -> dict[str, str]:
        """Article id -> group id, for corroboration."""
        return dict(self._group)

    def group(self, gid: str) -> Group:
        members = list(self._members[gid])
        feats = [self._features[m] for m in members]
        return Group(
            id=gid,
            origin=_origin(feats)[0],
            origin_credited=_origin(feats)[1],
            first_seen=min((f.published for f in feats if f.published), default=None),
            members=members,
            kinds={m: self._kind[m] for m in members},
            copy_of={m: self._copy_of[m] for m in members if m in self._copy_of},
        )

    def groups(self) -> list[Group]:
        return [self.group(gid) for gid in sorted(self._members, key=self._seq.__getitem__)]

    def origin_map(self) -> dict[str, str | None]:
        """Group id -> origin name, for corroboration and contradictions."""
        return {g.id: g.origin for g in self.groups()}

    def explain(self, a: str, b: str) -> Link | None:
        """The link the scorer finds between two indexed articles (for debugging)."""
        return score_pair(self._features[a], self._features[b], self.config.scoring, self.weight)

    # -- persistence --------------------------------------------------------------------

    def record(self, article_id: str) -> dict[str, Any]:
        """One article's state as plain data for a store row: its features plus where it
        sits. `seq` is the insertion order, which `from_records` replays."""
        row = self._features[article_id].to_record()
        row.update(
            seq=self._seq[article_id],
            group=self._group[article_id],
            kind=self._kind[article_id],
            copy_of=self._copy_of.get(article_id),
        )
        return row

    def records(self) -> list[dict[str, Any]]:
        return [self.record(a) for a in sorted(self._seq, key=self._seq.__getitem__)]

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        catalog: OutletCatalog | None = None,
        config: IndexConfig | None = None,
        background: Mapping[str, int] | None = None,
        background_docs: int = 0,
    ) -> ProvenanceIndex:
        """Rebuild an index from `records()` rows without re-scoring anything; later adds
        behave as if the index had never been closed."""
        index = cls(catalog, config, background, background_docs)
        rows = sorted(records, key=lambda r: int(r["seq"]))
        for row in rows:
            feats = ArticleFeatures.from_record(dict(row))
            index._df.update(feats.entities)
            index._seq[feats.id] = len(index._seq)
            index._features[feats.id] = feats
            gid = str(row["group"])
            index._members.setdefault(gid, [])
            index._join(feats.id, gid, str(row["kind"]))
            if row.get("copy_of"):
                index._copy_of[feats.id] = str(row["copy_of"])
            else:
                index._index(feats)
        return index


def _origin(feats: list[ArticleFeatures]) -> tuple[str | None, bool]:
    """The outlet most members credit first (ties: the first credited), else the outlet of
    the earliest-published member (undated members count as latest)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, f in enumerate(feats):
        src = f.lead_credits or f.credits
        if src:
            counts[src[0]] += 1
            first.setdefault(src[0], i)
    if counts:
        return min(counts, key=lambda o: (-counts[o], first[o])), True
    dated = sorted(range(len(feats)), key=lambda i: (feats[i].published or date.max, i))
    for i in dated:
        name = feats[i].outlet or feats[i].raw_outlet
        if name:
            return name, False
    return None, False
