"""How well a stance is corroborated: ten articles re-telling one scoop are one source, so
support is counted in independent origin groups, not in articles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stancemap.models import Statement

# Attributions that name no one who can be checked.
_ANONYMOUS = re.compile(
    r"\b(?:officials?|sources?|people|persons?|diplomats?|insiders?|aides?|familiar|"
    r"anonymity|unnamed|anonymous|briefed|close\s+to)\b",
    re.IGNORECASE,
)


def is_anonymous(attribution: str | None) -> bool:
    """True for "two senior officials", "people familiar with the call", "sources"."""
    return bool(attribution and _ANONYMOUS.search(attribution))


def is_weak(statement: Statement) -> bool:
    """Hedged ("reportedly") or resting on anonymous sources."""
    return statement.hedged or is_anonymous(statement.attribution)


@dataclass(slots=True)
class Corroboration:
    actor: str
    action: str
    issue: str
    articles: int  # distinct articles that carry the stance
    groups: int  # independent origin groups among them
    origins: list[str]  # the groups' origin names (known ones), in first-seen order
    all_weak: bool  # every support is hedged or anonymous-sourced
    single_anonymous_report: bool  # one origin group and all of it weak
    docs: list[str]
    group_ids: list[str]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.actor, self.action, self.issue)


def corroborate(
    statements: Iterable[Statement],
    group_of: Mapping[str, str],
    origins: Mapping[str, str | None] | None = None,
) -> dict[tuple[str, str, str], Corroboration]:
    """Support per (actor, action, issue). An article missing from `group_of` is its own
    group, so an unlinked article still counts as an independent origin."""
    origins = origins or {}
    docs: dict[tuple[str, str, str], list[str]] = {}
    weak: dict[tuple[str, str, str], bool] = {}
    for st in statements:
        key = (st.actor, st.action, st.issue)
        lst = docs.setdefault(key, [])
        if st.doc not in lst:
            lst.append(st.doc)
        weak[key] = weak.get(key, True) and is_weak(st)
    out: dict[tuple[str, str, str], Corroboration] = {}
    for key, ds in docs.items():
        gids: list[str] = []
        for d in ds:
            gid = group_of.get(d, d)
            if gid not in gids:
                gids.append(gid)
        names: list[str] = []
        for gid in gids:
            name = origins.get(gid)
            if name and name not in names:
                names.append(name)
        out[key] = Corroboration(
            actor=key[0],
            action=key[1],
            issue=key[2],
            articles=len(ds),
            groups=len(gids),
            origins=names,
            all_weak=weak[key],
            single_anonymous_report=len(gids) == 1 and weak[key],
            docs=ds,
            group_ids=gids,
        )
    return out
