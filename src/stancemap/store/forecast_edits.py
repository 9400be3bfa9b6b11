"""The analyst's numbers for the bargaining models: positions, saliences and capabilities
set by hand over the ones suggested from the statements, with an audit trail.

Each edit is one row: (issue, party, field) gets `value` and `spread` from `analyst` at
`created_at`. The latest edit of a number is the one that counts; earlier ones stay as the
history. A value of None keeps the suggested value (an edit of the spread alone), and an
edit with neither value nor spread returns the number to its suggestion. Rows are never
updated or deleted, so the trail shows who set what and when.

`stancemap forecast`, the report and the dashboard all read these through
`stancemap.forecast.analyst.apply_edits`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Float, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from stancemap.store.backup import Section, register_section
from stancemap.store.check import register_check
from stancemap.store.schema import Base

if TYPE_CHECKING:
    from stancemap.scenario import Scenario
    from stancemap.store.database import Store

FIELDS = ("position", "salience", "capability")
MAX_ANALYST_CHARS = 100
MAX_NOTE_CHARS = 2000


class ForecastEditRow(Base):
    __tablename__ = "forecast_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    issue: Mapped[str] = mapped_column(String(100))
    party: Mapped[str] = mapped_column(String(50))
    field: Mapped[str] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    spread: Mapped[float | None] = mapped_column(Float)
    analyst: Mapped[str] = mapped_column(String(MAX_ANALYST_CHARS))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_forecast_edits_number", "issue", "party", "field"),)


class ForecastEditError(ValueError):
    """An edit that cannot be stored; the message says which field is wrong."""


@dataclass(frozen=True, slots=True)
class ForecastEdit:
    id: int
    issue: str
    party: str
    field: str
    value: float | None
    spread: float | None
    analyst: str
    note: str
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "issue": self.issue, "party": self.party, "field": self.field,
                "value": self.value, "spread": self.spread, "analyst": self.analyst,
                "note": self.note,
                "created_at": self.created_at.isoformat(timespec="seconds") + "Z"}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _edit(row: ForecastEditRow) -> ForecastEdit:
    return ForecastEdit(row.id, row.issue, row.party, row.field, row.value, row.spread,
                        row.analyst, row.note or "", row.created_at)


def _number(name: str, value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ForecastEditError(f"{name}: not a number: {str(value)[:40]!r}") from None
    if not math.isfinite(number):
        raise ForecastEditError(f"{name}: must be a finite number")
    return number


def validate_edit(
    issue: str, party: str, field: str, value: Any, spread: Any,
    scenario: Scenario | None = None,
) -> tuple[float | None, float | None]:
    """The edit's value and spread as numbers, or ForecastEditError naming what is wrong.

    With a scenario, the issue must have a scale and the party must exist, and a position
    must lie on the issue's scale; saliences are 0-1 and capabilities positive always."""
    if field not in FIELDS:
        raise ForecastEditError(f"field: '{field}' is not one of {', '.join(FIELDS)}")
    number = _number("value", value)
    sd = _number("spread", spread)
    low, high = -math.inf, math.inf
    if scenario is not None:
        scales = scenario.scales or {}
        if issue not in scales:
            raise ForecastEditError(f"issue: '{issue}' has no scale in the scenario")
        if party not in scenario.parties:
            raise ForecastEditError(f"party: '{party}' is not one of "
                                    f"{', '.join(scenario.party_ids)}")
        low, high = scales[issue].low, scales[issue].high
    if number is not None:
        if field == "position" and not low <= number <= high:
            raise ForecastEditError(f"position: {number:g} is off the scale {low:g}-{high:g}")
        if field == "salience" and not 0 <= number <= 1:
            raise ForecastEditError(f"salience: {number:g} is not between 0 and 1")
        if field == "capability" and not number > 0:
            raise ForecastEditError(f"capability: {number:g} must be above 0")
    if sd is not None and sd < 0:
        raise ForecastEditError(f"spread: {sd:g} must not be negative")
    return number, sd


def add_forecast_edit(
    store: Store,
    issue: str,
    party: str,
    field: str,
    value: Any,
    analyst: str,
    *,
    spread: Any = None,
    note: str = "",
    scenario: Scenario | None = None,
) -> ForecastEdit:
    """Record one number set by an analyst (value None: keep the suggestion's value)."""
    [edit] = add_forecast_edits(store, issue, party,
                                [{"field": field, "value": value, "spread": spread}],
                                analyst, note=note, scenario=scenario)
    return edit


def forecast_edits(
    store: Store, *, issue: str | None = None, until: datetime | None = None
) -> list[ForecastEdit]:
    """Edits oldest first; `until` leaves out those made after it (a report as of a day)."""
    with store.session() as session:
        query = select(ForecastEditRow)
        if issue is not None:
            query = query.where(ForecastEditRow.issue == issue)
        if until is not None:
            query = query.where(ForecastEditRow.created_at <= until)
        query = query.order_by(ForecastEditRow.created_at, ForecastEditRow.id)
        return [_edit(row) for row in session.scalars(query)]


def edits_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever an edit is added (or a backup restores some): for caches."""
    with store.session() as session:
        return tuple(session.execute(
            select(func.count(), func.max(ForecastEditRow.id))).one())


# The analyst's numbers travel in `stancemap export` backups like the reviews do.
register_section(Section("forecast_edit", ForecastEditRow, order=40))


@register_check("forecast_edits", "every analyst forecast edit names a known number and a "
                                  "value in its range")
def _check_edits(store: Store) -> Iterator[str]:
    with store.session() as session:
        for row in session.scalars(select(ForecastEditRow).order_by(ForecastEditRow.id)):
            try:
                validate_edit(row.issue, row.party, row.field, row.value, row.spread)
            except ForecastEditError as exc:
                yield f"forecast edit {row.id} ({row.party}/{row.issue}): {exc}"
            if not (row.analyst or "").strip():
                yield f"forecast edit {row.id} ({row.party}/{row.issue}): no analyst named"


def add_forecast_edits(
    store: Store,
    issue: str,
    party: str,
    changes: list[dict[str, Any]],
    analyst: str,
    *,
    note: str = "",
    scenario: Scenario | None = None,
) -> list[ForecastEdit]:
    """Several numbers of one party on one issue at once (a row of the dashboard's table):
    all are checked before any is stored, and they are stored in one transaction."""
    analyst = (analyst or "").strip()
    if not analyst:
        raise ForecastEditError("analyst: a name is required")
    if len(analyst) > MAX_ANALYST_CHARS:
        raise ForecastEditError(f"analyst: at most {MAX_ANALYST_CHARS} characters")
    if len(note) > MAX_NOTE_CHARS:
        raise ForecastEditError(f"note: at most {MAX_NOTE_CHARS} characters")
    rows = []
    now = _now()
    for change in changes:
        number, sd = validate_edit(issue, party, str(change.get("field")), change.get("value"),
                                   change.get("spread"), scenario)
        rows.append(ForecastEditRow(issue=issue, party=party, field=change["field"],
                                    value=number, spread=sd, analyst=analyst,
                                    note=note.strip(), created_at=now))
    with store.writing() as session:
        session.add_all(rows)
        session.flush()
        return [_edit(row) for row in rows]
