"""Suggest a Negotiation from stance statements: a first guess the analyst then edits.

Rule, per party and issue (only issues with a scale in the scenario):

1. Each statement is read as a point on the issue's scale: the point whose cue occurs in
   the statement's content, else in its sentence (the longest matching cue wins, as the
   most specific); failing that, for accept and reject, the current suggested position
   of the statement's target party (accepting or rejecting what that party wants).
2. The party's statements are applied oldest first (undated ones first, in input order),
   starting from the party's prior position in the scenario, if any:
   * demand and propose place the party at the point it demands or proposes;
   * offer moves it toward the offered point by OFFER_STEP of the distance (an offer is a
     concession the party is willing to make, not yet its ideal);
   * accept moves it to the accepted point;
   * reject moves it away from the rejected point: to the far end of the scale when it
     has no position yet, otherwise half way from where it is to that far end, unless it
     already sits on the far half of the scale.
   A hedged statement moves the party half as far. Statements no point can be read from
   leave the position as it is.
3. Salience is the scenario prior if given; otherwise 0.2 + 0.8 x (statements by the party
   on this issue / statements by the party on its most discussed issue), attention in
   the coverage standing in for importance.
4. Capability is the scenario prior, or 1.0 (equal capability) where none is given.

Numbers derived from statements have source "suggested" and a note naming the documents
they came from; scenario priors have source "file".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..models import Statement
from ..scenario import IssueScale, Scenario
from .types import ActorDef, IssueDef, Negotiation, Num, ScalePoint, Stance

OFFER_STEP = 0.5
HEDGE_FACTOR = 0.5


def _party_of(actor: str, scenario: Scenario) -> str | None:
    if actor in scenario.parties:
        return actor
    low = actor.lower()
    for pid, party in scenario.parties.items():
        names = [party.name, *party.aliases]
        for sp in party.speakers:
            names += [sp.name, *sp.aliases]
        if any(low == n.lower() for n in names):
            return pid
    return None


def read_point(text: str, scale: IssueScale) -> float | None:
    """The scale value a piece of text points to, by the longest cue it contains."""
    low = text.lower()
    best: tuple[int, float] | None = None
    for pt in scale.points:
        for cue in pt.cues:
            if cue and cue.lower() in low and (best is None or len(cue) > best[0]):
                best = (len(cue), pt.value)
    return None if best is None else best[1]


def _order(st: Statement) -> tuple[int, date]:
    return (0, date.min) if st.date is None else (1, st.date)


def suggest_negotiation(
    statements: list[Statement],
    scenario: Scenario,
    scales: dict[str, IssueScale] | None = None,
) -> Negotiation:
    scales = scales if scales is not None else (scenario.scales or {})
    by_key: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    per_party: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for st in sorted(statements, key=_order):  # stable: input order within a date
        party = _party_of(st.actor, scenario)
        if party is None or st.issue not in scales:
            continue
        by_key[(party, st.issue)].append(st)
        per_party[party][st.issue] += 1

    issues: list[IssueDef] = []
    stances: dict[tuple[str, str], Stance] = {}
    caps: dict[str, Num] = {}
    for iid, scale in scales.items():
        desc = scenario.issues[iid].description if iid in scenario.issues else iid
        sq = None
        if scale.status_quo is not None:
            sq = Num(scale.status_quo, "file", note="scenario")
        issues.append(IssueDef(iid, desc, scale.low, scale.high,
                               [ScalePoint(p.value, p.meaning) for p in scale.points], sq))
        positions: dict[str, float] = {}
        notes: dict[str, list[str]] = defaultdict(list)
        for pid, default in scale.parties.items():
            if default.position is not None:
                positions[pid] = default.position
        from_file = set(positions)
        # Parties are processed together, oldest statement first, so that accepting or
        # rejecting a target reads the target's position as of that moment.
        timeline = sorted(
            ((st, pid) for (pid, i2), sts in by_key.items() if i2 == iid for st in sts),
            key=lambda t: _order(t[0]),
        )
        for st, pid in timeline:
            new = _apply(st, positions.get(pid), scale, positions, scenario)
            if new is not None:
                positions[pid] = new
                from_file.discard(pid)
                notes[pid].append(f"{st.action} in {st.doc}")
        parties = [p for p in scenario.parties if p in positions]
        for pid in parties:
            prior = scale.parties.get(pid)
            if pid in from_file:
                pos = Num(positions[pid], "file", note="scenario prior")
            else:
                pos = Num(round(positions[pid], 6), "suggested", note="; ".join(notes[pid]))
            if prior is not None and prior.salience is not None:
                sal = Num(prior.salience, "file", note="scenario prior")
            else:
                counts = per_party.get(pid, {})
                top = max(counts.values()) if counts else 0
                n = counts.get(iid, 0)
                value = 0.2 + 0.8 * n / top if top else 0.2
                sal = Num(round(value, 6), "suggested", note=f"{n} statements on this issue")
            cap = None
            if prior is not None and prior.capability is not None:
                cap = Num(prior.capability, "file", note="scenario prior")
            stances[(pid, iid)] = Stance(pos, sal, cap)
            caps.setdefault(pid, cap or Num(1.0, "suggested", note="no prior: equal capability"))
    actors = [
        ActorDef(pid, scenario.parties[pid].name, caps[pid])
        for pid in scenario.parties if pid in caps
    ]
    # Per-issue capabilities equal to the actor's are dropped so edits touch one number.
    for (pid, _), stc in stances.items():
        if stc.capability is not None and stc.capability == caps[pid]:
            stc.capability = None
    return Negotiation(scenario.name, actors, issues, stances, scenario.description)


def _apply(
    st: Statement,
    current: float | None,
    scale: IssueScale,
    positions: dict[str, float],
    scenario: Scenario,
) -> float | None:
    point = read_point(st.content, scale) if st.content else None
    if point is None:
        point = read_point(st.sentence, scale)
    if point is None and st.action in ("accept", "reject") and st.target:
        tgt = _party_of(st.target, scenario)
        if tgt is not None:
            point = positions.get(tgt)
    if point is None:
        return None
    factor = HEDGE_FACTOR if st.hedged else 1.0
    if st.action in ("demand", "propose"):
        if current is None:
            return point
        return current + factor * (point - current)
    if st.action == "offer":
        if current is None:
            return point
        return current + factor * OFFER_STEP * (point - current)
    if st.action == "accept":
        if current is None:
            return point
        return current + factor * (point - current)
    if st.action == "reject":
        mid = (scale.low + scale.high) / 2
        far = scale.low if point > mid else scale.high
        if current is None:
            return far
        if (far - mid) * (current - mid) > 0:
            return current
        return current + factor * 0.5 * (far - current)
    return None
