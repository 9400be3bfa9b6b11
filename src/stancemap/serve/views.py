"""What each dashboard page shows, as plain data: the pages and the JSON API render the same
dicts, so the web layer only routes, checks and templates.

`groups`, where given, maps an article id to the id of its group of re-tellings (articles
that repeat the same report). With it, cells count independent sources; without it (until
provenance grouping is available) they count articles.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from stancemap.forecast.analyst import issue_numbers
from stancemap.forecast.runner import MODEL_NAMES, Forecast
from stancemap.forecast.svg import forecast_svgs, issue_svg
from stancemap.forecast.types import IssueDef, Negotiation
from stancemap.models import Article, ArticleInfo, Statement
from stancemap.report.positions import Cell, build_positions, effective_date
from stancemap.report.timeline import ACTION_COLOURS, issue_timeline_svg
from stancemap.scenario import Scenario
from stancemap.serve.snapshot import Snapshot
from stancemap.store import Store
from stancemap.store.forecast_edits import forecast_edits
from stancemap.store.reviews import Review, ReviewedStatement, count_reviews, reviewed_entries
from stancemap.store.reviews import reviews as list_reviews
from stancemap.store.schema import StatementRow

Groups = Mapping[str, str]
DEFAULT_PER_PAGE = 50
HISTORY_LIMIT = 100
MAX_PER_PAGE = 500


class NotFound(LookupError):
    """The party, issue, article or statement named in the request does not exist."""


@dataclass(slots=True)
class Page:
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    def slice(self, items: Sequence[Any]) -> list[Any]:
        return list(items[self.offset:self.offset + self.per_page])

    def to_json(self) -> dict[str, int]:
        return {"page": self.number, "per_page": self.per_page, "total": self.total,
                "pages": self.pages}


def make_page(number: int, per_page: int, total: int) -> Page:
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = Page(1, per_page, total)
    page.number = min(max(number, 1), page.pages)
    return page


def safe_link(url: str | None) -> str | None:
    """Only http(s) links reach a page: a javascript: or data: URL in article metadata is
    an attack, not a source."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def article_json(info: ArticleInfo | Article | None, doc: str) -> dict[str, Any]:
    if info is None:
        return {"id": doc, "title": None, "url": None, "outlet": None, "published": None}
    return {"id": info.id, "title": info.title, "url": safe_link(info.url),
            "outlet": info.outlet, "published": _iso(info.published)}


def statement_json(
    entry: ReviewedStatement, articles: Mapping[str, ArticleInfo]
) -> dict[str, Any]:
    s = entry.statement
    row = s.to_json()
    row.pop("review", None)
    when = effective_date(s, articles)
    row.update({
        "fingerprint": entry.fingerprint,
        "status": entry.status,
        "when": _iso(when),
        "article": article_json(articles.get(s.doc), s.doc),
    })
    if entry.status != "unreviewed":
        o = entry.original
        row["original"] = {"actor": o.actor, "action": o.action, "issue": o.issue,
                           "target": o.target, "date": _iso(o.date)}
    return row


def _sources(docs: Sequence[str], groups: Groups | None) -> int | None:
    if groups is None:
        return None
    return len({groups.get(d, d) for d in docs})


def cell_json(cell: Cell, entry: ReviewedStatement | None, groups: Groups | None,
              articles: Mapping[str, ArticleInfo]) -> dict[str, Any]:
    return {
        "party": cell.actor, "issue": cell.issue, "action": cell.action,
        "colour": ACTION_COLOURS.get(cell.action, "#555555"),
        "date": _iso(cell.date),
        "articles": len(cell.articles),
        "sources": _sources(cell.articles, groups),
        "statements": len(cell.history),
        "hedged": cell.latest.hedged,
        "hedged_statements": sum(1 for s in cell.history if s.hedged),
        "evidence": statement_json(entry, articles) if entry else None,
    }


class Dashboard:
    """One request's consistent snapshot of the store, reviews applied."""

    def __init__(self, store: Store, scenario: Scenario, groups: Groups | None = None, *,
                 snapshot: Snapshot | None = None) -> None:
        self.store = store
        self.scenario = scenario
        self.groups = groups
        if snapshot is None:
            snapshot = Snapshot(store.article_infos(), reviewed_entries(store))
        self.articles = snapshot.articles
        self.entries = snapshot.entries
        self.standing = [e for e in self.entries if not e.rejected]
        self._by_statement = {id(e.statement): e for e in self.standing}

    def entry_of(self, statement: Statement) -> ReviewedStatement | None:
        return self._by_statement.get(id(statement))

    def date_range(self) -> tuple[date | None, date | None]:
        days = [d for e in self.standing
                if (d := effective_date(e.statement, self.articles)) is not None]
        return (min(days), max(days)) if days else (None, None)

    # -- pages ----------------------------------------------------------------------

    def map(self, as_of: date | None = None) -> dict[str, Any]:
        positions = build_positions([e.statement for e in self.standing], self.scenario,
                                    self.articles, as_of=as_of)
        first, last = self.date_range()
        status_counts: dict[str, int] = defaultdict(int)
        for e in self.entries:
            status_counts[e.status] += 1
        rows = []
        for party in positions.parties:
            cells = []
            for issue in positions.issues:
                cell = positions.cell(party, issue)
                cells.append(cell_json(cell, self.entry_of(cell.latest), self.groups,
                                       self.articles) if cell else None)
            rows.append({"party": party, "name": self.scenario.parties[party].name,
                         "cells": cells})
        return {
            "scenario": self.scenario.name,
            "as_of": _iso(as_of),
            "first_date": _iso(first), "last_date": _iso(last),
            "parties": positions.parties,
            "issues": [{"id": i, "description": self.scenario.issues[i].description}
                       for i in positions.issues],
            "rows": rows,
            "statements": len(self.standing),
            "articles": len(self.articles),
            "review_status": dict(status_counts),
            "sources_are_groups": self.groups is not None,
        }

    def cell(self, party: str, issue: str, as_of: date | None = None, *,
             limit: int = HISTORY_LIMIT) -> dict[str, Any]:
        self._check_party(party)
        self._check_issue(issue)
        history = [e for e in self.standing
                   if e.statement.actor == party and e.statement.issue == issue]
        positions = build_positions([e.statement for e in history], self.scenario,
                                    self.articles, as_of=as_of)
        cell = positions.cell(party, issue)
        dated = sorted(
            history, key=lambda e: (effective_date(e.statement, self.articles) or date.min,
                                    e.statement.doc, e.statement.start), reverse=True)
        if as_of is not None:
            dated = [e for e in dated
                     if (d := effective_date(e.statement, self.articles)) and d <= as_of]
        return {
            "party": party, "party_name": self.scenario.parties[party].name,
            "issue": issue, "issue_description": self.scenario.issues[issue].description,
            "as_of": _iso(as_of),
            "cell": cell_json(cell, self.entry_of(cell.latest), self.groups, self.articles)
            if cell else None,
            # A busy cell can hold thousands; the issue page pages through all of them.
            "history": [statement_json(e, self.articles) for e in dated[:limit]],
            "history_total": len(dated),
        }

    def issue(self, issue: str, *, party: str | None = None, page: int = 1,
              per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
        self._check_issue(issue)
        if party is not None:
            self._check_party(party)
        on_issue = [e for e in self.standing if e.statement.issue == issue]
        on_issue.sort(key=lambda e: (effective_date(e.statement, self.articles) is None,
                                     effective_date(e.statement, self.articles) or date.min,
                                     e.statement.actor, e.statement.doc, e.statement.start))
        shown = [e for e in on_issue if party is None or e.statement.actor == party]
        paging = make_page(page, per_page, len(shown))
        svg = issue_timeline_svg(
            [e.statement for e in on_issue], self.scenario.party_ids, self.articles,
            link=lambda actor: f"?party={actor}#evidence")
        per_party: dict[str, int] = defaultdict(int)
        for e in on_issue:
            per_party[e.statement.actor] += 1
        return {
            "issue": issue, "description": self.scenario.issues[issue].description,
            "party": party,
            "parties": [{"id": p, "statements": per_party[p]}
                        for p in self.scenario.party_ids if per_party.get(p)],
            "timeline_svg": svg,
            "statements": [statement_json(e, self.articles) for e in paging.slice(shown)],
            "page": paging.to_json(),
        }

    def statements(self, *, party: str | None = None, issue: str | None = None,
                   doc: str | None = None, status: str | None = None, page: int = 1,
                   per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
        chosen = [e for e in self.entries
                  if (party is None or e.statement.actor == party)
                  and (issue is None or e.statement.issue == issue)
                  and (doc is None or e.statement.doc == doc)
                  and (status is None or e.status == status)]
        paging = make_page(page, per_page, len(chosen))
        return {"statements": [statement_json(e, self.articles) for e in paging.slice(chosen)],
                "page": paging.to_json()}

    def _check_party(self, party: str) -> None:
        if party not in self.scenario.parties:
            raise NotFound(f"no party '{party}' in scenario {self.scenario.name}")

    def _check_issue(self, issue: str) -> None:
        if issue not in self.scenario.issues:
            raise NotFound(f"no issue '{issue}' in scenario {self.scenario.name}")


def find_statement(store: Store, doc: str, fingerprint: str) -> ReviewedStatement:
    """One article's statement by fingerprint, without loading the whole store."""
    for entry in reviewed_entries(store, article_id=doc):
        if entry.fingerprint == fingerprint:
            return entry
    raise NotFound(f"no statement {fingerprint} in article {doc}")


def statement_detail(store: Store, doc: str, fingerprint: str) -> dict[str, Any]:
    entry = find_statement(store, doc, fingerprint)
    data = statement_json(entry, _one_info(store, doc))
    data["reviews"] = [r.to_json() for r in entry.reviews]
    return data


def _one_info(store: Store, doc: str) -> dict[str, ArticleInfo]:
    article = store.get_article(doc)
    if article is None:
        return {}
    return {doc: ArticleInfo(id=article.id, title=article.title, url=article.url,
                             outlet=article.outlet, published=article.published,
                             ingested=article.ingested_at.date() if article.ingested_at
                             else None, language=article.language)}


# -- article page ---------------------------------------------------------------------


def locate(statement: Statement, text: str) -> tuple[int, int] | None:
    """Where the evidence sentence sits in the text: its offsets when they match, else its
    first occurrence, else nowhere (a re-ingested or edited text)."""
    start, end = statement.start, statement.end
    if 0 <= start < end <= len(text) and text[start:end] == statement.sentence:
        return start, end
    if statement.sentence:
        found = text.find(statement.sentence)
        if found >= 0:
            return found, found + len(statement.sentence)
    return None


def highlight_segments(
    text: str, spans: Sequence[tuple[int, int, int]]
) -> list[dict[str, Any]]:
    """Cut the text at every span boundary; each piece lists the spans (by index) that
    cover it, so overlapping statements stay visible and the text is never duplicated."""
    cuts = {0, len(text)}
    for start, end, _ in spans:
        cuts.update((start, end))
    points = sorted(cuts)
    segments = []
    for left, right in zip(points, points[1:], strict=False):
        covering = [index for start, end, index in spans if start <= left and right <= end]
        segments.append({"text": text[left:right], "marks": covering})
    return segments


def article_page(
    store: Store, doc: str, groups: Groups | None = None
) -> dict[str, Any]:
    article = store.get_article(doc)
    if article is None:
        raise NotFound(f"no article '{doc}'")
    entries = reviewed_entries(store, article_id=doc)
    info = _one_info(store, doc)
    statements = []
    spans: list[tuple[int, int, int]] = []
    for index, entry in enumerate(entries):
        data = statement_json(entry, info)
        where = locate(entry.original, article.text)
        data["located"] = where is not None
        data["index"] = index
        statements.append(data)
        if where is not None:
            spans.append((where[0], where[1], index))
    group: list[dict[str, Any]] | None = None
    if groups is not None:
        group_id = groups.get(doc, doc)
        members = sorted(a for a, g in groups.items() if g == group_id and a != doc)
        infos = store.article_infos() if members else {}
        group = [article_json(infos.get(a), a) for a in members]
    return {
        "article": {**article_json(article, doc), "language": article.language,
                    "source": article.source, "text": article.text},
        "statements": statements,
        "segments": highlight_segments(article.text, spans),
        "group": group,
    }


def articles_page(store: Store, *, page: int = 1,
                  per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
    infos = sorted(store.article_infos().values(),
                   key=lambda a: (a.published or a.ingested or date.min, a.id), reverse=True)
    with store.session() as session:
        counts = dict(session.execute(
            select(StatementRow.article_id, func.count()).group_by(StatementRow.article_id)
        ).all())
    paging = make_page(page, per_page, len(infos))
    return {
        "articles": [{**article_json(a, a.id), "statements": counts.get(a.id, 0)}
                     for a in paging.slice(infos)],
        "page": paging.to_json(),
    }


def audit_page(store: Store, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE
               ) -> dict[str, Any]:
    paging = make_page(page, per_page, count_reviews(store))
    rows: list[Review] = list_reviews(store, limit=paging.per_page, offset=paging.offset,
                                      newest_first=True)
    return {"reviews": [r.to_json() for r in rows], "page": paging.to_json()}


# -- forecast -------------------------------------------------------------------------


def _model_rows(forecast: Forecast, issue: IssueDef) -> list[dict[str, Any]]:
    rows = []
    for m in forecast.models:
        f = forecast.results[m].get(issue.id)
        if f is None:
            continue
        rows.append({"model": m, "name": MODEL_NAMES.get(m, m), "value": f.value,
                     "meaning": issue.meaning_at(f.value) if f.value is not None else "",
                     "band_5": f.low, "band_95": f.high, "draws_median": f.mid,
                     "no_agreement_share": f.no_agreement, "note": f.note})
    return rows


def _issue_head(forecast: Forecast, issue: IssueDef, scenario: Scenario) -> dict[str, Any]:
    neg = forecast.negotiation
    return {
        "issue": issue.id,
        "description": scenario.issues[issue.id].description
        if issue.id in scenario.issues else issue.name,
        "low": issue.low, "high": issue.high,
        "status_quo": issue.status_quo.value if issue.status_quo else None,
        "points": [{"value": p.value, "meaning": p.meaning} for p in issue.points],
        "parties": len(neg.issue_actors(issue.id)),
        "forecasts": _model_rows(forecast, issue),
    }


def forecast_index(scenario: Scenario, forecast: Forecast) -> dict[str, Any]:
    """Every issue with a scale: each model's forecast and band, and its chart."""
    charts = forecast_svgs(forecast)
    issues = []
    for issue in forecast.negotiation.issues:
        head = _issue_head(forecast, issue, scenario)
        head["chart_svg"] = charts.get(issue.id) if head["parties"] else None
        issues.append(head)
    return {"draws": forecast.draws, "seed": forecast.seed, "issues": issues}


def forecast_issue(store: Store, scenario: Scenario, suggested: Negotiation,
                   forecast: Forecast, issue_id: str) -> dict[str, Any]:
    """One scaled issue: chart, each model's forecast and band, and the numbers behind
    them (as suggested and as the analyst set them), with the analyst's edits."""
    neg = forecast.negotiation
    if issue_id not in neg.issue_ids:
        raise NotFound(f"issue '{issue_id}' has no scale to forecast on"
                       if issue_id in scenario.issues else f"unknown issue '{issue_id}'")
    issue = neg.issue(issue_id)
    head = _issue_head(forecast, issue, scenario)
    head.update({
        "draws": forecast.draws, "seed": forecast.seed,
        "chart_svg": issue_svg(forecast, issue_id) if head["parties"] else None,
        "numbers": issue_numbers(suggested, neg, issue_id, scenario.party_ids),
        "edits": [e.to_json() for e in reversed(forecast_edits(store, issue=issue_id))],
    })
    return head
