"""Inline SVG timelines: one row per party, one mark per statement, coloured by action.

Drawn server-side so the report stays one self-contained file with no scripts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
_ROW = 26
_LEFT = 70
_WIDTH = 760
_UNDATED_GAP = 60


def issue_timeline_svg(
    statements: Sequence[Statement],
    parties: Sequence[str],
    articles: Mapping[str, ArticleInfo],
) -> str:
    """SVG of every statement on one issue; undated ones sit in a column on the right."""
    rows = [p for p in parties if any(s.actor == p for s in statements)]
    if not rows:
        return ""
    dated = [(effective_date(s, articles), s) for s in statements]
    days = [d for d, _ in dated if d is not None]
    if not days:
        return _undated_strip(statements, rows)
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
        parts.append(f'<text x="4" y="{y + 4}" class="tl-party">{escape(party)}</text>'
                     f'<line x1="{_LEFT}" y1="{y}" x2="{plot_right}" y2="{y}" class="tl-axis"/>')
        seen: dict[tuple[float, str], int] = {}
        for day, statement in dated:
            if statement.actor != party:
                continue
            x = x_of(day)
            # Stack marks that fall on the same day so none hides another.
            offset = seen.get((round(x), statement.action), 0)
            seen[(round(x), statement.action)] = offset + 1
            colour = ACTION_COLOURS.get(statement.action, "#555")
            label = f"{statement.action} · {day.isoformat() if day else 'undated'} · " \
                    f"{statement.sentence[:160]}"
            parts.append(f'<circle cx="{x + offset * 4:.1f}" cy="{y}" r="6" fill="{colour}" '
                         f'fill-opacity="0.8"><title>{escape(label)}</title></circle>')
    axis_y = height - 8
    parts.append(f'<text x="{_LEFT}" y="{axis_y}" class="tl-date">{first.isoformat()}</text>')
    if last != first:
        parts.append(f'<text x="{plot_right}" y="{axis_y}" text-anchor="end" '
                     f'class="tl-date">{last.isoformat()}</text>')
    if any(d is None for d, _ in dated):
        parts.append(f'<text x="{_WIDTH - _UNDATED_GAP / 2}" y="{axis_y}" text-anchor="middle" '
                     f'class="tl-date">undated</text>')
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
