"""The report's forecast section: per issue, where the bargaining models put a deal."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from stancemap.forecast.cli import forecast_statements
from stancemap.forecast.svg import forecast_svgs
from stancemap.models import Statement
from stancemap.scenario import Scenario

SECTION_TITLE = "Where a deal could land"


def forecast_section(
    statements: Sequence[Statement], scenario: Scenario, *, draws: int = 200, seed: int = 0
) -> str | None:
    """HTML with one chart per issue that has a scale and positions, or None when the
    scenario gives no scales or no party has a position yet."""
    if not scenario.scales:
        return None
    forecast = forecast_statements(list(statements), scenario, draws=draws, seed=seed)
    charts = forecast_svgs(forecast)
    if not charts:
        return None
    parts = [f"<p>Positions suggested from each party's latest stances on the issue's 0–100 "
             f"scale (marker size: capability × salience), the forecast of each bargaining "
             f"model and its 5–95% band from {draws} Monte Carlo draws (seed {seed}). "
             "Edit the positions with <code>stancemap forecast --write FILE</code>.</p>"]
    for issue_id, svg in charts.items():
        parts.append(f'<div id="forecast-{escape(issue_id)}">{svg}</div>')
    return "\n".join(parts)
