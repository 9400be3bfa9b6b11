"""Inline SVG timelines: one row per party, marks coloured by action, for the report and
the dashboard alike.

Drawn server-side so the report stays one self-contained file with no scripts."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from html import escape

from stancemap.models import ArticleInfo, Statement
from stancemap.report.positions import effective_date

ACTION_COLOURS = {
    "demand": "#c0392b",
    "offer": "#27ae60",
    "reject": "#6c3483",
    "accept": "#2471a3",
    "propose": "#d68910",
}
_ROW = 30
_LEFT = 70
_WIDTH = 760
_UNDATED_GAP = 60


def issue_timeline_svg(
    statements: Sequence[Statement],
    parties: Sequence[str],
    articles: Mapping[str, ArticleInfo],
    *,
    link: Callable[[str], str] | None = None,
) -> str:
    """Every statement on one issue, one row per party. Statements of one party, day and
    action become one mark whose size grows with their number, so an issue with thousands
    of statements still draws a few hundred marks; a mark resting only on hedged reports is
    hollow; undated ones sit in a column on the right. `link` makes each party's label a
    link (the dashboard points it at that party's evidence)."""
    rows = [p for p in parties if any(s.actor == p for s in statements)]
    if not rows:
        return ""
    if all(effective_date(s, articles) is None for s in statements):
        return _undated_strip(statements, rows)
    marks: Counter[tuple[str, date | None, str]] = Counter()
    hedged: Counter[tuple[str, date | None, str]] = Counter()
    example: dict[tuple[str, date | None, str], str] = {}
    for s in statements:
        key = (s.actor, effective_date(s, articles), s.action)
        marks[key] += 1
        hedged[key] += s.hedged
        example.setdefault(key, s.sentence)
    days = [day for _, day, _ in marks if day is not None]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    plot_right = _WIDTH - _UNDATED_GAP
    height = _ROW * len(rows) + 30

    def x_of(day: date | None) -> float:
        if day is None:
            return _WIDTH - _UNDATED_GAP / 2
        return _LEFT + (day - first).days / span * (plot_right - _LEFT - 10)

    parts = [f'<svg class="timeline" viewBox="0 0 {_WIDTH} {height}" width="100%" '
             f'role="img" aria-label="timeline of statements by party">']
    for index, party in enumerate(rows):
        y = 15 + index * _ROW
        label = f'<text x="4" y="{y + 4}" class="tl-party">{escape(party)}</text>'
        if link is not None:
            label = f'<a href="{escape(link(party))}">{label}</a>'
        parts.append(label + f'<line x1="{_LEFT}" y1="{y}" x2="{plot_right}" y2="{y}" '
                             f'class="tl-axis"/>')
        # Actions of the same day sit side by side so none hides another.
        stacked: Counter[float] = Counter()
        for (actor, day, action), count in sorted(
                marks.items(), key=lambda kv: (kv[0][1] or date.max, kv[0][2])):
            if actor != party:
                continue
            x = x_of(day)
            offset = stacked[round(x)]
            stacked[round(x)] += 1
            radius = 5 + min(math.log2(count), 5) * 1.5
            colour = ACTION_COLOURS.get(action, "#555555")
            when = day.isoformat() if day else "undated"
            noun = "statement" if count == 1 else "statements"
            # A mark resting only on hedged reports is drawn hollow.
            all_hedged = hedged[(actor, day, action)] == count
            fill = "0.15" if all_hedged else "0.8"
            title = f"{party} {action} · {when} · {count} {noun}" \
                    f"{' (hedged)' if all_hedged else ''} · {example[(actor, day, action)][:160]}"
            parts.append(f'<circle cx="{x + offset * 5:.1f}" cy="{y}" r="{radius:.1f}" '
                         f'fill="{colour}" fill-opacity="{fill}" stroke="{colour}" '
                         f'stroke-width="1.5" data-action="{escape(action)}">'
                         f'<title>{escape(title)}</title></circle>')
    axis_y = height - 8
    parts.append(f'<text x="{_LEFT}" y="{axis_y}" class="tl-date">{first.isoformat()}</text>')
    if last != first:
        parts.append(f'<text x="{plot_right}" y="{axis_y}" text-anchor="end" '
                     f'class="tl-date">{last.isoformat()}</text>')
    if any(day is None for _, day, _ in marks):
        parts.append(f'<text x="{_WIDTH - _UNDATED_GAP / 2}" y="{axis_y}" '
                     f'text-anchor="middle" class="tl-date">undated</text>')
    parts.append("</svg>")
    return "".join(parts)


def _undated_strip(statements: Sequence[Statement], rows: Sequence[str]) -> str:
    """No dates to place marks on: one mark per statement in article order, so a reader still
    sees at a glance which parties said what, and how often."""
    order = sorted(statements, key=lambda s: (s.doc, s.start))
    step = min(24.0, (_WIDTH - _LEFT - 20) / max(len(order), 1))
    height = _ROW * len(rows) + 30
    parts = [f'<svg class="timeline" viewBox="0 0 {_WIDTH} {height}" width="100%" '
             f'role="img" aria-label="statements by party, in article order">']
    for index, party in enumerate(rows):
        y = 15 + index * _ROW
        parts.append(f'<text x="4" y="{y + 4}" class="tl-party">{escape(party)}</text>'
                     f'<line x1="{_LEFT}" y1="{y}" x2="{_WIDTH - 10}" y2="{y}" class="tl-axis"/>')
        for position, statement in enumerate(order):
            if statement.actor != party:
                continue
            colour = ACTION_COLOURS.get(statement.action, "#555")
            label = f"{statement.action} · {statement.doc} · {statement.sentence[:160]}"
            parts.append(f'<circle cx="{_LEFT + 8 + position * step:.1f}" cy="{y}" r="6" '
                         f'fill="{colour}" fill-opacity="0.8"><title>{escape(label)}</title>'
                         "</circle>")
    parts.append(f'<text x="{_LEFT}" y="{height - 8}" class="tl-date">no dates known: '
                 "statements in article order</text></svg>")
    return "".join(parts)
