"""The typed input of every bargaining model: actors, issues and per actor x issue numbers.

Every number carries where it came from, because a forecast is only as credible as its
inputs and the analyst must be able to tell a guess read off the news from a judgement.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

Source = Literal["suggested", "analyst", "file"]
SOURCES: tuple[str, ...] = ("suggested", "analyst", "file")


@dataclass(frozen=True, slots=True)
class Num:
    """A number with its source and, optionally, the spread the Monte Carlo draws it with."""

    value: float
    source: str = "file"
    spread: float | None = None  # standard deviation in the number's own unit
    note: str = ""  # e.g. the statements a suggested value was read from

    def with_value(self, value: float, source: str = "analyst") -> Num:
        return replace(self, value=float(value), source=source)


@dataclass(frozen=True, slots=True)
class ScalePoint:
    value: float
    meaning: str


@dataclass(slots=True)
class IssueDef:
    id: str
    name: str = ""
    low: float = 0.0
    high: float = 100.0
    points: list[ScalePoint] = field(default_factory=list)
    status_quo: Num | None = None

    @property
    def span(self) -> float:
        return self.high - self.low if self.high > self.low else 1.0

    def meaning_at(self, value: float) -> str:
        """The meaning of the nearest scale point, so a forecast can be read in words."""
        if not self.points:
            return ""
        best = min(self.points, key=lambda p: abs(p.value - value))
        return best.meaning


@dataclass(slots=True)
class ActorDef:
    id: str
    name: str = ""
    capability: Num = field(default_factory=lambda: Num(1.0))


@dataclass(slots=True)
class Stance:
    """One actor's standing on one issue; capability overrides the actor's where the
    source gives it per issue (Decide's #D rows carry a power per issue)."""

    position: Num
    salience: Num  # 0..1
    capability: Num | None = None


@dataclass(slots=True)
class Negotiation:
    name: str
    actors: list[ActorDef]
    issues: list[IssueDef]
    stances: dict[tuple[str, str], Stance] = field(default_factory=dict)
    description: str = ""

    def actor(self, actor_id: str) -> ActorDef:
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> IssueDef:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    @property
    def actor_ids(self) -> list[str]:
        return [a.id for a in self.actors]

    @property
    def issue_ids(self) -> list[str]:
        return [i.id for i in self.issues]

    def capability(self, actor_id: str, issue_id: str) -> Num:
        st = self.stances.get((actor_id, issue_id))
        if st is not None and st.capability is not None:
            return st.capability
        return self.actor(actor_id).capability

    def issue_actors(self, issue_id: str) -> list[str]:
        """Actors with a stance on the issue; the others take no part in its bargaining."""
        return [a.id for a in self.actors if (a.id, issue_id) in self.stances]


@dataclass(slots=True)
class IssueArrays:
    """One issue as arrays over the actors that hold a stance on it."""

    issue: IssueDef
    actors: list[str]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    position_sd: np.ndarray
    salience_sd: np.ndarray
    capability_sd: np.ndarray  # relative (a fraction of the value), drawn log-normally
    status_quo: float | None


@dataclass(frozen=True, slots=True)
class Spreads:
    """Default spreads for numbers whose source gives none (analyst-set via Num.spread)."""

    position: float = 0.10  # fraction of the issue's span
    salience: float = 0.10  # absolute, on 0..1
    capability: float = 0.20  # relative


def issue_arrays(neg: Negotiation, issue_id: str, spreads: Spreads | None = None) -> IssueArrays:
    sp = spreads or Spreads()
    issue = neg.issue(issue_id)
    ids = neg.issue_actors(issue_id)
    pos, sal, cap, psd, ssd, csd = [], [], [], [], [], []
    for a in ids:
        st = neg.stances[(a, issue_id)]
        c = neg.capability(a, issue_id)
        pos.append(st.position.value)
        sal.append(st.salience.value)
        cap.append(c.value)
        psd.append(
            st.position.spread if st.position.spread is not None else sp.position * issue.span
        )
        ssd.append(st.salience.spread if st.salience.spread is not None else sp.salience)
        csd.append(
            c.spread / c.value if c.spread is not None and c.value > 0 else sp.capability
        )
    sq = issue.status_quo.value if issue.status_quo is not None else None
    return IssueArrays(
        issue=issue,
        actors=ids,
        position=np.asarray(pos, dtype=float),
        salience=np.asarray(sal, dtype=float),
        capability=np.asarray(cap, dtype=float),
        position_sd=np.asarray(psd, dtype=float),
        salience_sd=np.asarray(ssd, dtype=float),
        capability_sd=np.asarray(csd, dtype=float),
        status_quo=sq,
    )


def full_arrays(neg: Negotiation) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Actors x issues arrays for the models that trade across issues; an actor without a
    stance gets salience 0 there, so it weighs nothing and gains nothing on that issue."""
    n, m = len(neg.actors), len(neg.issues)
    x = np.zeros((n, m))
    s = np.zeros((n, m))
    c = np.zeros((n, m))
    for i, a in enumerate(neg.actors):
        for k, iss in enumerate(neg.issues):
            st = neg.stances.get((a.id, iss.id))
            c[i, k] = neg.capability(a.id, iss.id).value
            if st is None:
                x[i, k] = (iss.low + iss.high) / 2
                continue
            x[i, k] = st.position.value
            s[i, k] = st.salience.value
    return x, s, c
