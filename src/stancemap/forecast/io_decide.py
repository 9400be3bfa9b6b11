"""Read and write Decide's input files (#A actors, #P issues, #M scale points, #D data).

The shared copies come in two styles: plain fields separated by ';' (older files) and
single-quoted fields separated by tabs (newer ones). Both are read; either is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from .types import ActorDef, IssueDef, Negotiation, Num, ScalePoint, Stance

_SPLIT = re.compile(r"[;\t]")


def _fields(line: str) -> list[str]:
    out = []
    for raw in _SPLIT.split(line.rstrip("\r\n")):
        f = raw.strip()
        if len(f) >= 2 and f[0] == f[-1] == "'":
            f = f[1:-1]
        out.append(f.strip())
    return out


def parse_decide(text: str, name: str = "decide") -> Negotiation:
    actors: dict[str, ActorDef] = {}
    issues: dict[str, IssueDef] = {}
    stances: dict[tuple[str, str], Stance] = {}
    description = ""
    caps: dict[str, set[float]] = {}
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        f = _fields(line)
        if not f or not f[0]:
            continue
        tag = f[0]
        if tag == "#O" and len(f) > 1:
            description = f[1]
        elif tag == "#A" and len(f) > 1:
            actors.setdefault(f[1], ActorDef(f[1], f[2] if len(f) > 2 and f[2] else f[1]))
        elif tag == "#P" and len(f) > 1:
            issues.setdefault(f[1], IssueDef(f[1], f[2] if len(f) > 2 and f[2] else f[1]))
        elif tag == "#M" and len(f) > 2:
            iss = issues.setdefault(f[1], IssueDef(f[1], f[1]))
            iss.points.append(ScalePoint(float(f[2]), f[3] if len(f) > 3 else ""))
        elif tag == "#D" and len(f) > 5:
            actor, issue = f[1], f[2]
            actors.setdefault(actor, ActorDef(actor, actor))
            issues.setdefault(issue, IssueDef(issue, issue))
            power = float(f[5])
            stances[(actor, issue)] = Stance(
                position=Num(float(f[3]), "file"),
                salience=Num(float(f[4]), "file"),
                capability=Num(power, "file"),
            )
            caps.setdefault(actor, set()).add(power)
    for iss in issues.values():
        if iss.points:
            values = [p.value for p in iss.points]
            iss.low, iss.high = min(values), max(values)
    # Decide gives power per row; where an actor's power is the same on every issue it
    # becomes the actor's capability, so edits and plots see one number, not many.
    for a, powers in caps.items():
        if len(powers) == 1:
            actors[a].capability = Num(next(iter(powers)), "file")
            for (actor, _), st in stances.items():
                if actor == a:
                    st.capability = None
    return Negotiation(name, list(actors.values()), list(issues.values()), stances, description)


def read_decide(path: str | Path) -> Negotiation:
    p = Path(path)
    return parse_decide(p.read_text(encoding="utf-8-sig", errors="replace"), p.stem)


def _fmt(v: float) -> str:
    return repr(float(v)) if v != int(v) else f"{v:.1f}"


def write_decide(neg: Negotiation, quoted: bool = True) -> str:
    """Decide text; quoted=True gives the newer tab-separated, single-quoted style."""

    def row(*fields: str | float) -> str:
        parts = []
        for x in fields:
            if isinstance(x, str):
                parts.append(f"'{x}'" if quoted else x)
            else:
                parts.append(_fmt(x))
        return ("\t" if quoted else ";").join(parts)

    lines = []
    if neg.description:
        lines.append(row("#O", neg.description))
    for a in neg.actors:
        lines.append(row("#A", a.id, a.name or a.id, ""))
    for iss in neg.issues:
        lines.append(row("#P", iss.id, iss.name or iss.id, ""))
        points = iss.points or [ScalePoint(iss.low, ""), ScalePoint(iss.high, "")]
        for pt in points:
            lines.append(row("#M", iss.id, pt.value, pt.meaning) if pt.meaning
                         else row("#M", iss.id, pt.value))
    for a in neg.actors:
        for iss in neg.issues:
            st = neg.stances.get((a.id, iss.id))
            if st is None:
                continue
            cap = neg.capability(a.id, iss.id).value
            lines.append(row("#D", a.id, iss.id, st.position.value, st.salience.value, cap))
    return "\n".join(lines) + "\n"
