"""Parties x issues: each party's latest stance on each issue and the articles behind it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor, "issue": self.issue, "action": self.action,
            "date": self.date.isoformat() if self.date else None,
            "articles": len(self.articles), "article_ids": self.articles,
            "statements": len(self.history),
            "evidence": self.latest.sentence, "doc": self.latest.doc,
            "attribution": self.latest.attribution, "hedged": self.latest.hedged,
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
    """When a stance was held: its own date, else its article's publication (or ingest) day."""
    if statement.date:
        return statement.date
    info = articles.get(statement.doc)
    if info is None:
        return None
    return info.published or info.ingested


def build_positions(
    statements: Iterable[Statement],
    scenario: Scenario,
    articles: Mapping[str, ArticleInfo],
    *,
    as_of: date | None = None,
) -> PositionMap:
    """Latest stance per (party, issue), as it stood on `as_of` when given."""
    by_cell: dict[tuple[str, str], list[tuple[date | None, Statement]]] = defaultdict(list)
    for statement in statements:
        when = effective_date(statement, articles)
        if as_of is not None and (when is None or when > as_of):
            continue
        by_cell[(statement.actor, statement.issue)].append((when, statement))

    cells: dict[tuple[str, str], Cell] = {}
    for (actor, issue), dated in by_cell.items():
        # Undated statements sort first: a dated stance is better evidence of "latest".
        dated.sort(key=lambda pair: (pair[0] or date.min, pair[1].doc, pair[1].start))
        when, latest = dated[-1]
        supporting = sorted({s.doc for _, s in dated if s.action == latest.action})
        cells[(actor, issue)] = Cell(actor, issue, latest.action, when, latest, supporting,
                                     [s for _, s in dated])
    parties = [p for p in scenario.party_ids if any(k[0] == p for k in cells)]
    issues = [i for i in scenario.issue_ids if any(k[1] == i for k in cells)]
    return PositionMap(parties, issues, cells, as_of)
