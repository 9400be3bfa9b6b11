"""Inline SVG per issue for the HTML report: server-side markup, no script, no CDN.

Top band: each actor's position, the marker's area proportional to capability x
salience. Below, one row per model: its forecast and its 5-95% band. A dashed line marks
the status quo; the axis carries the scale's labelled points.
"""

from __future__ import annotations

from html import escape

import numpy as np

from .runner import MODEL_NAMES, Forecast

WIDTH = 720
LEFT = 170
RIGHT = 30
ROW = 26
COLOURS = {
    "compromise": "#1f77b4",
    "median": "#2ca02c",
    "nbs": "#9467bd",
    "eum": "#d62728",
    "exchange": "#ff7f0e",
}


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def issue_svg(forecast: Forecast, issue_id: str) -> str:
    neg = forecast.negotiation
    iss = neg.issue(issue_id)
    span = iss.span

    def px(v: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (v - iss.low) / span

    actors = neg.issue_actors(issue_id)
    weights = np.array(
        [neg.capability(a, issue_id).value * neg.stances[(a, issue_id)].salience.value
         for a in actors]
    )
    wmax = float(weights.max()) if weights.size and weights.max() > 0 else 1.0
    top = 28
    actor_h = 30 + 14 * max(1, len(actors))
    models = forecast.models
    height = top + actor_h + ROW * len(models) + 60
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" font-family="sans-serif" font-size="11">',
        f"<title>{escape(iss.id)}: actor positions and model forecasts</title>",
        f'<text x="4" y="16" font-size="13" font-weight="bold">{escape(iss.id)}</text>',
    ]
    axis_y = top + actor_h + ROW * len(models) + 8
    out.append(f'<line x1="{px(iss.low):.1f}" y1="{axis_y}" x2="{px(iss.high):.1f}" '
               f'y2="{axis_y}" stroke="#444"/>')
    ticks = iss.points or []
    for pt in ticks:
        x = px(pt.value)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{axis_y + 4}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">'
                   f'{_fmt(pt.value)}<title>{escape(pt.meaning)}</title></text>')
    if not ticks:
        for v in (iss.low, (iss.low + iss.high) / 2, iss.high):
            out.append(f'<text x="{px(v):.1f}" y="{axis_y + 16}" text-anchor="middle">'
                       f"{_fmt(v)}</text>")
    if iss.status_quo is not None:
        x = px(iss.status_quo.value)
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_y}" '
                   f'stroke="#000" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{x:.1f}" y="{top - 9}" text-anchor="middle">status quo '
                   f"{_fmt(iss.status_quo.value)}</text>")
    out.append(f'<text x="4" y="{top + 14}" fill="#555">actors (size = capability x '
               f"salience)</text>")
    for k, (a, w) in enumerate(zip(actors, weights, strict=True)):
        st = neg.stances[(a, issue_id)]
        y = top + 30 + 14 * k
        r = 2 + 9 * np.sqrt(w / wmax)
        x = px(st.position.value)
        tip = (f"{a}: position {st.position.value:g} ({st.position.source}), salience "
               f"{st.salience.value:g} ({st.salience.source}), capability "
               f"{neg.capability(a, issue_id).value:g}")
        out.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end">{escape(a)}</text>')
        out.append(f'<circle cx="{x:.1f}" cy="{y}" r="{r:.1f}" fill="#888" fill-opacity="0.55" '
                   f'stroke="#333"><title>{escape(tip)}</title></circle>')
    for k, m in enumerate(models):
        f = forecast.results[m].get(issue_id)
        y = top + actor_h + ROW * k + 10
        colour = COLOURS.get(m, "#333")
        out.append(f'<text x="{LEFT - 8}" y="{y + 4}" text-anchor="end" fill="{colour}">'
                   f"{escape(MODEL_NAMES.get(m, m))}</text>")
        if f is None:
            continue
        if f.low is not None and f.high is not None:
            out.append(f'<line x1="{px(f.low):.1f}" y1="{y}" x2="{px(f.high):.1f}" y2="{y}" '
                       f'stroke="{colour}" stroke-width="6" stroke-opacity="0.3">'
                       f"<title>5-95%: {_fmt(f.low)}-{_fmt(f.high)}</title></line>")
        if f.value is None:
            out.append(f'<text x="{px((iss.low + iss.high) / 2):.1f}" y="{y + 4}" '
                       f'text-anchor="middle" fill="{colour}">{escape(f.note or "none")}</text>')
            continue
        x = px(f.value)
        tip = f"{MODEL_NAMES.get(m, m)}: {_fmt(f.value)} {iss.meaning_at(f.value)}"
        out.append(f'<path d="M{x:.1f} {y - 6}l6 6l-6 6l-6 -6z" fill="{colour}">'
                   f"<title>{escape(tip)}</title></path>")
        out.append(f'<text x="{x + 9:.1f}" y="{y + 4}" fill="{colour}">{_fmt(f.value)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def forecast_svgs(forecast: Forecast) -> dict[str, str]:
    """One SVG string per issue, keyed by issue id, in the negotiation's order."""
    return {iss.id: issue_svg(forecast, iss.id) for iss in forecast.negotiation.issues}
