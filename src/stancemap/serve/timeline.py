"""The issue timeline for the dashboard: the report's inline SVG, aggregated so that an
issue with thousands of statements still draws a few hundred marks, not thousands.

Statements of one party, day and action become one mark whose size grows with their
number; each party's row links to that party's evidence list."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from html import escape

from stancemap.models import ArticleInfo, Statement
from stancemap.report.positions import effective_date
from stancemap.report.timeline import ACTION_COLOURS

_ROW = 30
_LEFT = 70
_WIDTH = 760
_UNDATED_GAP = 60


def aggregated_timeline_svg(
    statements: Sequence[Statement],
    parties: Sequence[str],
    articles: Mapping[str, ArticleInfo],
    *,
    link: Callable[[str], str] | None = None,
) -> str:
    rows = [p for p in parties if any(s.actor == p for s in statements)]
    if not rows:
        return ""
    marks: Counter[tuple[str, date | None, str]] = Counter()
    hedged: Counter[tuple[str, date | None, str]] = Counter()
    example: dict[tuple[str, date | None, str], str] = {}
    for s in statements:
        key = (s.actor, effective_date(s, articles), s.action)
        marks[key] += 1
        hedged[key] += s.hedged
        example.setdefault(key, s.sentence)
    days = [day for _, day, _ in marks if day is not None]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
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
