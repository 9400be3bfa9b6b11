"""The analyst's numbers over the suggested ones.

`suggest_negotiation` reads positions and saliences off the statements; an analyst then
sets some numbers by hand (in the dashboard, or in the editable table with `stancemap
forecast --write`). Edits stored with the statements (`stancemap.store.forecast_edits`)
are applied here, so the CLI, the report and the dashboard forecast the same numbers:

* the latest edit of a (party, issue, field) counts; fields are position, salience and
  capability (the capability of the party on that issue);
* an edit with a value makes the number the analyst's (source "analyst"), with the
  analyst's spread or, without one, the default spread;
* an edit without a value keeps the suggested value and sets only its spread; one with
  neither returns the number to its suggestion;
* a party without a stance on an issue gets one when the analyst sets both its position
  and its salience there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from .types import ActorDef, Negotiation, Num, Stance

FIELDS = ("position", "salience", "capability")


class EditLike(Protocol):
    """What an edit carries (stancemap.store.forecast_edits.ForecastEdit has it)."""

    @property
    def issue(self) -> str: ...
    @property
    def party(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def spread(self) -> float | None: ...
    @property
    def analyst(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


def latest_edits(edits: Iterable[EditLike]) -> dict[tuple[str, str, str], EditLike]:
    """(party, issue, field) -> the edit that counts: the latest (edits come oldest first)."""
    latest: dict[tuple[str, str, str], EditLike] = {}
    for e in edits:
        latest[(e.party, e.issue, e.field)] = e
    return latest


def _edited(current: Num | None, e: EditLike) -> Num | None:
    when = e.created_at.date().isoformat()
    who = f"{e.analyst} on {when}" + (f": {e.note}" if e.note else "")
    if e.value is None:
        if current is None or e.spread is None:
            return current  # back to the suggestion
        return replace(current, spread=e.spread, note=f"{current.note}; spread set by {who}"
                       .lstrip("; "))
    was = "" if current is None else f" (suggested {current.value:g}, {current.source})"
    return Num(float(e.value), "analyst", e.spread, f"set by {who}{was}")


def apply_edits(
    neg: Negotiation, edits: Iterable[EditLike], names: Mapping[str, str] | None = None
) -> Negotiation:
    """A copy of `neg` with the analyst's latest numbers in place of the suggested ones.
    `names` gives display names for parties that only the analyst placed on an issue."""
    latest = latest_edits(edits)
    issues = set(neg.issue_ids)
    stances = {key: replace(st) for key, st in neg.stances.items()}
    actors = [replace(a) for a in neg.actors]
    known = {a.id for a in actors}
    by_key: dict[tuple[str, str], dict[str, EditLike]] = {}
    for (party, issue, field), e in latest.items():
        if issue in issues and field in FIELDS:
            by_key.setdefault((party, issue), {})[field] = e
    for key, fields in by_key.items():
        party, _ = key
        st = stances.get(key)
        if st is None:
            pos, sal = fields.get("position"), fields.get("salience")
            if pos is None or sal is None or pos.value is None or sal.value is None:
                continue  # a stance needs both numbers; the suggestion gave neither
            new_pos, new_sal = _edited(None, pos), _edited(None, sal)
            assert new_pos is not None and new_sal is not None
            st = Stance(new_pos, new_sal)
            fields = {f: e for f, e in fields.items() if f == "capability"}
            if party not in known:
                actors.append(ActorDef(party, (names or {}).get(party, party),
                                       Num(1.0, "suggested", note="no prior: equal capability")))
                known.add(party)
        for field, e in fields.items():
            if field == "capability":
                actor_cap = next(a.capability for a in actors if a.id == party)
                base = st.capability or actor_cap
                new = _edited(base, e)
                # a reset leaves the party's own capability in force on this issue
                st.capability = st.capability if new is base else new
            else:
                new = _edited(getattr(st, field), e)
                if new is not None:
                    setattr(st, field, new)
        stances[key] = st
    # the negotiation's parties first, in its order; parties only the analyst placed after
    # them, in the order of `names` (the scenario's)
    first = set(neg.actor_ids)
    order = list(names or {})
    newcomers = sorted((a for a in actors if a.id not in first),
                       key=lambda a: order.index(a.id) if a.id in order else len(order))
    actors = [a for a in actors if a.id in first] + newcomers
    return Negotiation(neg.name, actors, list(neg.issues), stances, neg.description)


def issue_numbers(
    suggested: Negotiation, edited: Negotiation, issue_id: str,
    parties: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """Per party on one issue: each number as the forecast uses it (value, source,
    spread, note) and as suggested, for a table the analyst edits. `parties` adds rows
    for parties without a stance yet (the scenario's), so one can be placed by hand."""
    ids = [a.id for a in edited.actors]
    for p in parties or []:
        if p not in ids:
            ids.append(p)
    names = {a.id: a.name for a in (*suggested.actors, *edited.actors)}
    rows = []
    for party in ids:
        st = edited.stances.get((party, issue_id))
        sug = suggested.stances.get((party, issue_id))
        row: dict[str, Any] = {"party": party, "name": names.get(party, party),
                               "has_stance": st is not None}
        for field in FIELDS:
            now: Num | None
            was: Num | None
            if field == "capability":
                now = edited.capability(party, issue_id) if st is not None else None
                was = suggested.capability(party, issue_id) if sug is not None else None
            else:
                now = getattr(st, field) if st is not None else None
                was = getattr(sug, field) if sug is not None else None
            row[field] = None if now is None else {
                "value": now.value, "source": now.source, "spread": now.spread,
                "note": now.note}
            row[f"suggested_{field}"] = None if was is None else {
                "value": was.value, "source": was.source, "note": was.note}
        rows.append(row)
    return rows


def _parse(text: str | None) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"not a number: {text[:40]!r}") from None


def changes_from_form(row: dict[str, Any], values: Mapping[str, str]) -> list[dict[str, Any]]:
    """The edits a submitted row of numbers asks for, against the row as it stands
    (`issue_numbers`): for each field, `FIELD` and `FIELD_spread` as typed.

    A value left as it stands asks nothing; the same value with another spread sets the
    spread alone (so a suggested value stays suggested and follows new statements); a
    changed value makes it the analyst's; a field emptied returns it to its suggestion.
    """
    out: list[dict[str, Any]] = []
    for field in FIELDS:
        if field not in values:
            continue
        try:
            value = _parse(values.get(field))
            spread = _parse(values.get(f"{field}_spread"))
        except ValueError as exc:
            raise ValueError(f"{row['party']} {field}: {exc}") from None
        now: dict[str, Any] | None = row.get(field)
        if now is None:  # no number yet: whatever is typed is the analyst's
            if value is not None:
                out.append({"field": field, "value": value, "spread": spread})
            continue
        if value is None:
            if now["source"] == "analyst" or now["spread"] is not None:
                out.append({"field": field, "value": None, "spread": None})
            continue
        same = abs(value - now["value"]) <= 1e-9
        if same and spread == now["spread"]:
            continue
        if same and now["source"] != "analyst":
            out.append({"field": field, "value": None, "spread": spread})
        else:
            out.append({"field": field, "value": value, "spread": spread})
    return out


def reset_changes(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The edits that return every number of a row the analyst touched to its suggestion."""
    return [{"field": f, "value": None, "spread": None} for f in FIELDS
            if row.get(f) and (row[f]["source"] == "analyst" or row[f]["spread"] is not None)]
