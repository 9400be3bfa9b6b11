"""Read and write KTAB's SMP CSV: a title line (name, description, actors, dimensions), a
header (Actor, Description, Power|Influence, then Position and Salience per dimension)
and one row per actor. KTAB puts saliences on 0..100; the models use 0..1.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .types import ActorDef, IssueDef, Negotiation, Num, Stance


def _clean(row: list[str]) -> list[str]:
    cells = [c.strip() for c in row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def parse_ktab(text: str, name: str = "ktab") -> Negotiation:
    rows = [_clean(r) for r in csv.reader(io.StringIO(text))]
    rows = [r for r in rows if r]
    if len(rows) < 2:
        raise ValueError("KTAB CSV needs a title line and a header")
    title, header = rows[0], rows[1]
    scen_name = title[0] or name
    description = title[1] if len(title) > 1 else ""
    n_dims = (len(header) - 3) // 2
    issues = []
    for d in range(n_dims):
        label = header[3 + 2 * d]
        iid = label[: -len(" Position")].strip() if label.endswith("Position") else label
        if iid.lower().startswith("pstn") or not iid:
            iid = f"dim{d + 1}"
        issues.append(IssueDef(iid, iid, 0.0, 100.0))
    actors = []
    stances: dict[tuple[str, str], Stance] = {}
    for r in rows[2:]:
        if len(r) < 3 + 2 * n_dims:
            continue
        a = ActorDef(r[0], r[1] or r[0], Num(float(r[2]), "file"))
        actors.append(a)
        for d, iss in enumerate(issues):
            pos = r[3 + 2 * d]
            sal = r[4 + 2 * d]
            if pos == "" or sal == "":
                continue
            stances[(a.id, iss.id)] = Stance(
                Num(float(pos), "file"), Num(float(sal) / 100.0, "file")
            )
    return Negotiation(scen_name, actors, issues, stances, description)


def read_ktab(path: str | Path) -> Negotiation:
    p = Path(path)
    return parse_ktab(p.read_text(encoding="utf-8-sig", errors="replace"), p.stem)


def write_ktab(neg: Negotiation) -> str:
    """KTAB CSV; positions are rescaled to 0..100 because KTAB assumes that range."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([neg.name, neg.description, len(neg.actors), len(neg.issues)])
    header = ["Actor", "Description", "Power"]
    for iss in neg.issues:
        header += [f"{iss.id} Position", f"{iss.id} Salience"]
    w.writerow(header)
    for a in neg.actors:
        row: list[str | float] = [a.id, a.name, a.capability.value]
        for iss in neg.issues:
            st = neg.stances.get((a.id, iss.id))
            if st is None:
                row += ["", ""]
                continue
            pos = 100.0 * (st.position.value - iss.low) / iss.span
            row += [round(pos, 6), round(100.0 * st.salience.value, 6)]
        w.writerow(row)
    return out.getvalue()
