"""Parties x issues: each party's latest stance on each issue and the articles behind it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stancemap.link.corroboration import corroborate
from stancemap.models import ArticleInfo, Statement
from stancemap.scenario import Scenario


@dataclass(slots=True)
class Cell:
    actor: str
    issue: str
    action: str  # the latest stance
    date: date | None
    latest: Statement
    # Distinct articles that carry the latest (actor, action, issue) stance.
    articles: list[str] = field(default_factory=list)
    # Every statement of this actor on this issue, oldest first.
    history: list[Statement] = field(default_factory=list)
    # Independent origin groups behind the latest stance (each article is its own group
    # until provenance grouping has run), their origins' names, and whether every support
    # is hedged or anonymous-sourced.
    sources: int = 0
    origins: list[str] = field(default_factory=list)
    all_weak: bool = False
    single_anonymous_report: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor, "issue": self.issue, "action": self.action,
            "date": self.date.isoformat() if self.date else None,
            "articles": len(self.articles), "article_ids": self.articles,
            "statements": len(self.history),
            "evidence": self.latest.sentence, "doc": self.latest.doc,
            "attribution": self.latest.attribution, "hedged": self.latest.hedged,
            "sources": self.sources, "origins": self.origins, "all_weak": self.all_weak,
            "single_anonymous_report": self.single_anonymous_report,
        }


@dataclass(slots=True)
class PositionMap:
    parties: list[str]
    issues: list[str]
    cells: dict[tuple[str, str], Cell]
    as_of: date | None = None

    def cell(self, actor: str, issue: str) -> Cell | None:
        return self.cells.get((actor, issue))

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "parties": self.parties, "issues": self.issues,
            "cells": [c.to_json() for c in self.cells.values()],
        }


def effective_date(statement: Statement, articles: Mapping[str, ArticleInfo]) -> date | None:
    """When a stance was held: its own date, else its article's publication day."""
    if statement.date:
        return statement.date
    info = articles.get(statement.doc)
    return info.published if info else None


def _seen(statement: Statement, articles: Mapping[str, ArticleInfo]) -> date:
    # The ingest day only orders undated statements; it is never shown as a stance's date.
    info = articles.get(statement.doc)
    return (info.ingested if info else None) or date.min


def _stood(statement: Statement, when: date | None, articles: Mapping[str, ArticleInfo],
           as_of: date) -> bool:
    return (when or _seen(statement, articles)) <= as_of


def statements_as_of(
    statements: Iterable[Statement], articles: Mapping[str, ArticleInfo], as_of: date | None
) -> list[Statement]:
    """The statements made by `as_of` (all of them without a day): by their date, or for
    undated ones the day their article was ingested, as the map counts them."""
    if as_of is None:
        return list(statements)
    return [s for s in statements if _stood(s, effective_date(s, articles), articles, as_of)]


def build_positions(
    statements: Iterable[Statement],
    scenario: Scenario,
    articles: Mapping[str, ArticleInfo],
    *,
    as_of: date | None = None,
    group_of: Mapping[str, str] | None = None,
    origins: Mapping[str, str | None] | None = None,
) -> PositionMap:
    """Latest stance per (party, issue), as it stood on `as_of` when given.

    With `as_of`, undated statements count only if their article was ingested by then."""
    by_cell: dict[tuple[str, str], list[tuple[date | None, Statement]]] = defaultdict(list)
    for statement in statements:
        when = effective_date(statement, articles)
        if as_of is not None and not _stood(statement, when, articles, as_of):
            continue
        by_cell[(statement.actor, statement.issue)].append((when, statement))

    cells: dict[tuple[str, str], Cell] = {}
    for (actor, issue), dated in by_cell.items():
        # Undated statements sort first: a dated stance is better evidence of "latest".
        dated.sort(key=lambda pair: (pair[0] or date.min, _seen(pair[1], articles),
                                     pair[1].doc, pair[1].start))
        # Statements from the same day are one moment: the stance most articles carry wins.
        moment = (dated[-1][0] or date.min, _seen(dated[-1][1], articles))
        same_moment = [s for d, s in dated if (d or date.min, _seen(s, articles)) == moment]
        # An analyst's confirmed or corrected statement outweighs the machine's at that moment.
        reviewed = [s for s in same_moment if s.extra.get("review") in ("confirmed", "edited")]
        same_moment = reviewed or same_moment
        votes: dict[str, set[str]] = defaultdict(set)
        for s in same_moment:
            votes[s.action].add(s.doc)
        best = max(votes, key=lambda action: len(votes[action]))
        when, latest = dated[-1][0], [s for s in same_moment if s.action == best][-1]
        carrying = [s for _, s in dated if s.action == latest.action]
        support = corroborate(carrying, group_of or {}, origins)[(actor, latest.action, issue)]
        cells[(actor, issue)] = Cell(
            actor, issue, latest.action, when, latest, sorted(support.docs),
            [s for _, s in dated], sources=support.groups, origins=support.origins,
            all_weak=support.all_weak, single_anonymous_report=support.single_anonymous_report)
    parties = [p for p in scenario.party_ids if any(k[0] == p for k in cells)]
    issues = [i for i in scenario.issue_ids if any(k[1] == i for k in cells)]
    return PositionMap(parties, issues, cells, as_of)
