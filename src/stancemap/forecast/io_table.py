"""stancemap's own editable CSV: one row per number, with its source, spread and note.

KTAB's and Decide's layouts have no room for where a number came from, so the file the
analyst edits is this long table. A row whose value no longer equals its `original`
column was edited by hand and is re-read with source "analyst".
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .types import ActorDef, IssueDef, Negotiation, Num, ScalePoint, Stance

COLUMNS = ["kind", "actor", "issue", "value", "source", "spread", "original", "note"]


def _f(v: float) -> str:
    # repr round-trips exactly; integral values stay short for the analyst's eye
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def _num_row(kind: str, actor: str, issue: str, n: Num) -> list[str]:
    return [
        kind,
        actor,
        issue,
        _f(n.value),
        n.source,
        "" if n.spread is None else _f(n.spread),
        _f(n.value),
        n.note,
    ]


def write_table(neg: Negotiation) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    w.writerow(["negotiation", "", "", "", "", "", "", neg.name])
    if neg.description:
        w.writerow(["description", "", "", "", "", "", "", neg.description])
    for a in neg.actors:
        w.writerow(_num_row("actor", a.id, "", a.capability)[:7] + [a.name])
    for iss in neg.issues:
        w.writerow(["issue", "", iss.id, "", "", "", "", iss.name])
        w.writerow(["low", "", iss.id, _f(iss.low), "", "", "", ""])
        w.writerow(["high", "", iss.id, _f(iss.high), "", "", "", ""])
        for pt in iss.points:
            w.writerow(["point", "", iss.id, _f(pt.value), "", "", "", pt.meaning])
        if iss.status_quo is not None:
            w.writerow(_num_row("status_quo", "", iss.id, iss.status_quo))
    for a in neg.actors:
        for iss in neg.issues:
            st = neg.stances.get((a.id, iss.id))
            if st is None:
                continue
            w.writerow(_num_row("position", a.id, iss.id, st.position))
            w.writerow(_num_row("salience", a.id, iss.id, st.salience))
            if st.capability is not None:
                w.writerow(_num_row("capability", a.id, iss.id, st.capability))
    return out.getvalue()


def _num(row: dict[str, str], with_note: bool = True) -> Num:
    value = float(row["value"])
    source = row.get("source") or "analyst"
    original = (row.get("original") or "").strip()
    if original and abs(float(original) - value) > 1e-9:
        source = "analyst"
    spread = (row.get("spread") or "").strip()
    return Num(value, source, float(spread) if spread else None,
               (row.get("note") or "") if with_note else "")


def parse_table(text: str, name: str = "negotiation") -> Negotiation:
    actors: dict[str, ActorDef] = {}
    issues: dict[str, IssueDef] = {}
    pending: list[dict[str, str]] = []
    description = ""
    for row in csv.DictReader(io.StringIO(text)):
        kind = (row.get("kind") or "").strip()
        actor = (row.get("actor") or "").strip()
        issue = (row.get("issue") or "").strip()
        if kind == "negotiation":
            name = row.get("note") or name
        elif kind == "description":
            description = row.get("note") or ""
        elif kind == "actor":
            actors[actor] = ActorDef(actor, row.get("note") or actor, _num(row, False))
        elif kind == "issue":
            issues.setdefault(issue, IssueDef(issue)).name = row.get("note") or issue
        elif kind in ("low", "high"):
            setattr(issues.setdefault(issue, IssueDef(issue, issue)), kind, float(row["value"]))
        elif kind == "point":
            iss = issues.setdefault(issue, IssueDef(issue, issue))
            iss.points.append(ScalePoint(float(row["value"]), row.get("note") or ""))
        elif kind == "status_quo":
            if (row.get("value") or "").strip():
                issues.setdefault(issue, IssueDef(issue, issue)).status_quo = _num(row)
        elif kind in ("position", "salience", "capability"):
            pending.append(row)
    stances: dict[tuple[str, str], Stance] = {}
    by_key: dict[tuple[str, str], dict[str, Num]] = {}
    for row in pending:
        key = (row["actor"].strip(), row["issue"].strip())
        actors.setdefault(key[0], ActorDef(key[0], key[0]))
        issues.setdefault(key[1], IssueDef(key[1], key[1]))
        by_key.setdefault(key, {})[row["kind"].strip()] = _num(row)
    for key, nums in by_key.items():
        if "position" in nums and "salience" in nums:
            stances[key] = Stance(nums["position"], nums["salience"], nums.get("capability"))
    return Negotiation(name, list(actors.values()), list(issues.values()), stances, description)


def read_table(path: str | Path) -> Negotiation:
    p = Path(path)
    return parse_table(p.read_text(encoding="utf-8-sig"), p.stem)


def read_any(path: str | Path) -> Negotiation:
    """Decide, KTAB or stancemap's own table, told apart by their first lines."""
    from .io_decide import parse_decide
    from .io_ktab import parse_ktab

    p = Path(path)
    text = p.read_text(encoding="utf-8-sig", errors="replace")
    head = text.lstrip()[:200]
    if head.startswith("kind,"):
        return parse_table(text, p.stem)
    lines = text.replace("\r", "\n").split("\n")
    if any(ln.lstrip("'").startswith("#") for ln in lines[:5] if ln.strip()):
        return parse_decide(text, p.stem)
    return parse_ktab(text, p.stem)
