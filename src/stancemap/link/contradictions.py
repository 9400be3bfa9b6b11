"""Reports that disagree: two independent origin groups giving one actor incompatible
stances on one issue in the same period. Within one group a disagreement is a re-teller's
error, not a second account, so it is not reported."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from stancemap.models import Statement

INCOMPATIBLE: frozenset[frozenset[str]] = frozenset(
    {frozenset({"demand", "offer"}), frozenset({"accept", "reject"})}
)


@dataclass(slots=True)
class Contradiction:
    actor: str
    issue: str
    first: Statement
    second: Statement
    first_group: str
    second_group: str
    first_origin: str | None
    second_origin: str | None
    dated: bool  # both stances have a date (else the period is assumed shared)


def _when(st: Statement, doc_dates: Mapping[str, date | None]) -> date | None:
    return st.date or doc_dates.get(st.doc)


def find_contradictions(
    statements: Iterable[Statement],
    group_of: Mapping[str, str],
    origins: Mapping[str, str | None] | None = None,
    doc_dates: Mapping[str, date | None] | None = None,
    window_days: int = 14,
    incompatible: frozenset[frozenset[str]] = INCOMPATIBLE,
    undated_match: bool = True,
) -> list[Contradiction]:
    """Pairs of incompatible stances from different origin groups. A stance's period is its
    own date, else its article's (`doc_dates`); with `undated_match` a stance with neither
    is taken to be of any period. One pair is returned per (actor, issue, actions, groups),
    with the first evidence of each side."""
    origins = origins or {}
    doc_dates = doc_dates or {}
    by_topic: dict[tuple[str, str], list[Statement]] = {}
    for st in statements:
        by_topic.setdefault((st.actor, st.issue), []).append(st)
    out: list[Contradiction] = []
    seen: set[tuple[str, str, str, str, str, str]] = set()
    for (actor, issue), sts in by_topic.items():
        for i, a in enumerate(sts):
            for b in sts[i + 1 :]:
                if frozenset({a.action, b.action}) not in incompatible:
                    continue
                ga, gb = group_of.get(a.doc, a.doc), group_of.get(b.doc, b.doc)
                if ga == gb:
                    continue
                da, db = _when(a, doc_dates), _when(b, doc_dates)
                dated = da is not None and db is not None
                if dated:
                    assert da is not None and db is not None
                    if abs((da - db).days) > window_days:
                        continue
                elif not undated_match:
                    continue
                first, second = (a, b) if (a.action, ga) <= (b.action, gb) else (b, a)
                g1, g2 = group_of.get(first.doc, first.doc), group_of.get(second.doc, second.doc)
                key = (actor, issue, first.action, second.action, g1, g2)
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    Contradiction(
                        actor,
                        issue,
                        first,
                        second,
                        g1,
                        g2,
                        origins.get(g1),
                        origins.get(g2),
                        dated,
                    )
                )
    return out
