"""The report's forecast section: per issue, where the bargaining models put a deal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from html import escape

from stancemap.forecast.analyst import EditLike
from stancemap.forecast.cli import forecast_statements
from stancemap.forecast.svg import forecast_svgs
from stancemap.models import ArticleInfo, Statement
from stancemap.report.positions import statements_as_of
from stancemap.scenario import Scenario

SECTION_TITLE = "Where a deal could land"


def forecast_section(
    statements: Sequence[Statement],
    scenario: Scenario,
    *,
    draws: int = 200,
    seed: int = 0,
    edits: Iterable[EditLike] = (),
    articles: Mapping[str, ArticleInfo] | None = None,
    as_of: date | None = None,
) -> str | None:
    """HTML with one chart per issue that has a scale and positions, or None when the
    scenario gives no scales or no party has a position yet.

    With `as_of`, positions are suggested from the statements made by that day only (the
    rule the map uses, so `articles` is needed for undated statements); `edits` are the
    analyst's numbers to apply, already cut to those made by then."""
    if not scenario.scales:
        return None
    kept = statements_as_of(statements, articles or {}, as_of)
    edits = list(edits)
    forecast = forecast_statements(kept, scenario, draws=draws, seed=seed, edits=edits)
    charts = forecast_svgs(forecast)
    if not charts:
        return None
    day = f" as of {as_of.isoformat()}" if as_of else ""
    analyst = sum(1 for st in forecast.negotiation.stances.values()
                  for n in (st.position, st.salience, st.capability)
                  if n is not None and n.source == "analyst")
    set_by = (f" {analyst} of these numbers {'was' if analyst == 1 else 'were'} set by an "
              "analyst." if analyst else "")
    parts = [f"<p>Positions suggested from each party's latest stances{day} on the issue's "
             f"0–100 scale (marker size: capability × salience), the forecast of each "
             f"bargaining model and its 5–95% band from {draws} Monte Carlo draws (seed "
             f"{seed}).{set_by} Edit the numbers in the dashboard's forecast pages or with "
             "<code>stancemap forecast --write FILE</code>.</p>"]
    for issue_id, svg in charts.items():
        parts.append(f'<div id="forecast-{escape(issue_id)}">{svg}</div>')
    return "\n".join(parts)
