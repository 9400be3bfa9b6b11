"""The dashboard's forecasts, cached until the statements or the analyst's numbers change.

A forecast runs every model on every scaled issue (the exchange model trades across
issues, so one issue cannot be forecast alone) with a few Monte Carlo draws: about a
second, too slow to repeat on every page view, so it is kept until the snapshot of the
reviewed statements or the stored edits change."""

from __future__ import annotations

import threading
from typing import Any

from stancemap.forecast.analyst import apply_edits
from stancemap.forecast.runner import Forecast, run_forecast
from stancemap.forecast.suggest import suggest_negotiation
from stancemap.forecast.types import Negotiation
from stancemap.scenario import Scenario
from stancemap.serve.snapshot import Snapshot
from stancemap.store import Store
from stancemap.store.forecast_edits import edits_version, forecast_edits

# Enough draws for a 5-95% band a reader can trust to a few points, few enough for a page.
WEB_DRAWS = 200


class ForecastCache:
    def __init__(self, store: Store, scenario: Scenario, *, draws: int = WEB_DRAWS,
                 seed: int = 0) -> None:
        self.store = store
        self.scenario = scenario
        self.draws = draws
        self.seed = seed
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._snapshot: Snapshot | None = None  # held so its id is not reused
        self._value: tuple[Negotiation, Forecast] | None = None

    def get(self, snapshot: Snapshot) -> tuple[Negotiation, Forecast]:
        """The suggested negotiation (before the analyst's edits) and the forecast."""
        key = (id(snapshot), edits_version(self.store))
        with self._lock:
            if key != self._key or self._value is None:
                statements = [e.statement for e in snapshot.entries if not e.rejected]
                suggested = suggest_negotiation(statements, self.scenario)
                names = {pid: p.name for pid, p in self.scenario.parties.items()}
                edited = apply_edits(suggested, forecast_edits(self.store), names)
                self._value = (suggested, run_forecast(edited, draws=self.draws,
                                                       seed=self.seed))
                self._key, self._snapshot = key, snapshot
            return self._value
