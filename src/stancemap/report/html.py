"""The self-contained HTML report: matrix, per-issue timelines, every statement's evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from stancemap import __version__
from stancemap.link import Group, find_contradictions
from stancemap.models import ArticleInfo, Statement
from stancemap.report.positions import PositionMap, effective_date
from stancemap.report.timeline import ACTION_COLOURS, issue_timeline_svg
from stancemap.scenario import Scenario


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("stancemap.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _safe_link(url: str | None) -> str | None:
    """Only http(s) links reach the page; article metadata is untrusted input."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def render_report(
    positions: PositionMap,
    statements: Sequence[Statement],
    scenario: Scenario,
    articles: Mapping[str, ArticleInfo],
    *,
    groups: Sequence[Group] = (),
    extra_sections: Sequence[tuple[str, str]] = (),
) -> str:
    by_issue: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        by_issue[statement.issue].append(statement)
    issue_sections: list[dict[str, Any]] = []
    for issue_id in scenario.issue_ids:
        items = by_issue.get(issue_id)
        if not items:
            continue
        items = sorted(items, key=lambda s: (effective_date(s, articles) is None,
                                             effective_date(s, articles) or datetime.min.date(),
                                             s.actor, s.doc, s.start))
        issue_sections.append({
            "id": issue_id,
            "description": scenario.issues[issue_id].description,
            "timeline": Markup(issue_timeline_svg(items, scenario.party_ids, articles)),
            "statements": [
                {"s": s, "when": effective_date(s, articles),
                 "article": articles.get(s.doc),
                 "link": _safe_link(articles[s.doc].url) if s.doc in articles else None}
                for s in items
            ],
        })
    cited = sorted({s.doc for s in statements})
    group_of = {member: g.id for g in groups for member in g.members}
    origins = {g.id: g.origin for g in groups}
    contradictions = find_contradictions(
        statements, group_of, origins,
        doc_dates={doc: info.published for doc, info in articles.items()})
    return _environment().get_template("report.html.j2").render(
        scenario=scenario,
        positions=positions,
        issue_sections=issue_sections,
        articles=[articles[a] for a in cited if a in articles],
        groups=[g for g in groups if any(m in articles for m in g.members)],
        group_of=group_of,
        contradictions=contradictions,
        safe_link=_safe_link,
        colours=ACTION_COLOURS,
        total_statements=len(statements),
        total_articles=len(articles),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        extra_sections=[(title, Markup(body)) for title, body in extra_sections],
    )


def write_report(path: Path, html: str) -> None:
    """Write via a temporary file so an interrupted run never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)
