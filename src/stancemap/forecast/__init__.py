"""Spatial bargaining models: where a deal could land on each issue, and who must move.

Modules, one job each:

* types      - the typed input: Negotiation (actors, issues with scales and status quo,
               per actor x issue position and salience), every number a Num with its
               source ("suggested", "analyst", "file") and optional spread.
* io_decide  - Decide's #A/#P/#M/#D files (';' plain or tab + single quotes).
* io_ktab    - KTAB's SMP CSV.
* io_table   - stancemap's editable long CSV that keeps every number's source.
* suggest    - suggest_negotiation(statements, scenario, scales): a first guess from the
               stance map, by a documented rule.
* analyst    - apply_edits(): the analyst's stored numbers over the suggested ones.
* compromise - salience x capability weighted mean (Achen 2006).
* median     - weighted median and pairwise Condorcet winner (Black 1948).
* nbs        - asymmetric Nash bargaining solution with the status quo as disagreement.
* eum        - Bueno de Mesquita's expected utility model (Scholz et al. 2011 reading).
* exchange   - Stokman's exchange model, equal-gain variant.
* montecarlo - seeded draws of the inputs around their values.
* runner     - run_forecast(): point forecasts, rounds and Monte Carlo bands.
* svg        - inline SVG per issue for the report and the dashboard.
* cli        - the Typer sub-app behind `stancemap forecast`.
"""

from .runner import MODELS, Forecast, ModelForecast, run_forecast
from .suggest import suggest_negotiation
from .svg import forecast_svgs, issue_svg
from .types import ActorDef, IssueDef, Negotiation, Num, ScalePoint, Spreads, Stance

__all__ = [
    "MODELS",
    "ActorDef",
    "Forecast",
    "IssueDef",
    "ModelForecast",
    "Negotiation",
    "Num",
    "ScalePoint",
    "Spreads",
    "Stance",
    "forecast_svgs",
    "issue_svg",
    "run_forecast",
    "suggest_negotiation",
]
