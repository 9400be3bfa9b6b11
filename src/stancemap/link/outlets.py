"""Outlet names and the credits an article gives them ("according to The Washington Post",
"Reuters reported", "told Axios").

The catalogue is the union of the scenario's `sources` and a general list shipped in
`outlets.txt`, so a new negotiation needs no code change and the scenario file stays the
place where a user adds a local outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlparse

# Verbs and phrases that hand a claim over to a named outlet. The outlet may sit before
# ("Reuters reported") or after ("according to Reuters") the cue.
_CUE_BEFORE = (
    r"according\s+to(?:\s+(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:report|story|article|"
    r"investigation|interview)\s+(?:by|in|from|with))?"
    r"|citing(?:\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:report|story)\s+(?:by|in|from))?"
    r"|cited\s+by|reported\s+by|first\s+reported\s+by|quoted\s+by|told|in\s+an?\s+interview"
    r"\s+with|(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:report|story|article)\s+(?:by|in|from)"
    r"|as\s+reported\s+by|confirmed\s+to|speaking\s+to|spoke\s+to|said\s+to|writes"
    # The same hand-over in the languages re-tellings and translations most often use.
    r"|selon|según|segundo|laut|secondo|według|согласно|по\s+данным|за\s+даними"
    r"|згідно\s+з|як\s+повідомляє|как\s+сообщает"
)
_CUE_AFTER = (
    r"(?:first\s+|previously\s+|earlier\s+|exclusively\s+)?"
    r"(?:reported|reports|has\s+reported|had\s+reported|wrote|writes|revealed|"
    r"said\s+in\s+a\s+report|cited|citing|quoted|learned|obtained|published|broke\s+the\s+news"
    r"|berichtet|berichtete|rapporte|informó|informa|riferisce|pisze|сообщает|сообщило|пишет"
    r"|повідомляє|пише)"
)
_WIRE_DATELINE = r"\(\s*{name}\s*\)\s*[-–—]"


@dataclass(frozen=True, slots=True)
class Credit:
    name: str  # canonical outlet name
    offset: int  # where the outlet's name starts in the text
    dateline: bool  # "(Reuters) -" rather than a credit in words


@dataclass(slots=True)
class Outlet:
    name: str
    aliases: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)


def _read_packaged() -> list[Outlet]:
    raw = (resources.files("stancemap.link") / "outlets.txt").read_text(encoding="utf-8")
    out: list[Outlet] = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        aliases = [a.strip() for a in parts[1].split(",") if a.strip()]
        domains = [d.strip().lower() for d in parts[2].split(",") if d.strip()]
        out.append(Outlet(parts[0], aliases, domains))
    return out


def _key(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip().lower())
    return name[4:] if name.startswith("the ") else name


def _is_ambiguous(alias: str) -> bool:
    # "the Post", "the Times": a generic noun after "the" names many papers.
    return alias.lower().startswith("the ") and len(alias.split()) == 2


class OutletCatalog:
    """Canonical outlet names, their aliases and domains, and credit detection."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.outlets: list[Outlet] = []
        self._by_key: dict[str, str] = {}
        self._ambiguous: dict[str, str] = {}
        self._by_domain: dict[str, str] = {}
        for outlet in outlets:
            self.add(outlet)
        self._compile()

    def add(self, outlet: Outlet) -> None:
        canon = self._by_key.get(_key(outlet.name))
        if canon is None:
            canon = outlet.name
            self.outlets.append(outlet)
            self._by_key[_key(outlet.name)] = canon
        for alias in outlet.aliases:
            if _is_ambiguous(alias):
                self._ambiguous.setdefault(_key(alias), canon)
            else:
                self._by_key.setdefault(_key(alias), canon)
        for domain in outlet.domains:
            self._by_domain.setdefault(domain, canon)

    @classmethod
    def default(cls, extra_sources: Iterable[str] = ()) -> OutletCatalog:
        """The packaged list plus names such as a scenario's `sources`."""
        outlets = _read_packaged()
        known = {_key(o.name) for o in outlets} | {_key(a) for o in outlets for a in o.aliases}
        for src in extra_sources:
            if _key(src) not in known and not _is_ambiguous(src):
                outlets.append(Outlet(src))
                known.add(_key(src))
        return cls(outlets)

    @classmethod
    def from_scenario(cls, scenario: object) -> OutletCatalog:
        return cls.default(getattr(scenario, "sources", []) or [])

    def _compile(self) -> None:
        # Outlet names are matched case-sensitively on their written form, because
        # lower-case "fox" or "ap" are ordinary words; the key lookup is case-free.
        forms: set[str] = set()
        for outlet in self.outlets:
            for n in [outlet.name, *outlet.aliases]:
                forms.add(n[4:] if n.lower().startswith("the ") else n)
        alt = "|".join(re.escape(f) for f in sorted(forms, key=lambda s: (-len(s), s)))
        name = rf"(?:[Tt]he\s+)?(?P<name>{alt})(?:'s|’s)?"
        # Cues match in any case ("According to" opens sentences); names do not.
        self._before = re.compile(rf"\b(?i:{_CUE_BEFORE})\s+{name}(?![\w-])")
        self._after = re.compile(rf"(?<![\w-]){name},?\s+(?:\w+\s+){{0,2}}?(?i:{_CUE_AFTER})\b")
        self._wire = re.compile(_WIRE_DATELINE.format(name=rf"(?P<name>{alt})"))

    def canonical(self, name: str, context: str = "") -> str | None:
        """Canonical name for an outlet name or alias; an ambiguous alias resolves only
        when `context` names the outlet in full."""
        k = _key(name)
        if k in self._by_key:
            return self._by_key[k]
        canon = self._ambiguous.get(k) or self._ambiguous.get("the " + k)
        if canon and context and re.search(re.escape(_key(canon)), context.lower()):
            return canon
        return None

    def outlet_of(self, outlet: str | None, url: str | None = None) -> str | None:
        """The catalogue name of the outlet that published an article, from its outlet
        field (a name or a domain) or its URL; None when it is not a known outlet."""
        for raw in (outlet, urlparse(url).netloc if url else None):
            if not raw:
                continue
            host = raw.lower().strip()
            host = host[4:] if host.startswith("www.") else host
            parts = host.split(".")
            for i in range(len(parts) - 1):
                hit = self._by_domain.get(".".join(parts[i:]))
                if hit:
                    return hit
            hit = self.canonical(raw)
            if hit:
                return hit
        return None

    def find_credits(self, text: str) -> list[Credit]:
        """Every credit in the text, in order of offset."""
        found: list[Credit] = []
        for dateline, rx in ((True, self._wire), (False, self._before), (False, self._after)):
            for m in rx.finditer(text):
                canon = self.canonical(m.group("name"), text)
                if canon:
                    found.append(Credit(canon, m.start("name"), dateline))
        return sorted(found, key=lambda c: (c.offset, c.dateline, c.name))

    def credits(self, text: str, within: int | None = None) -> list[str]:
        """Outlets the text credits as the source of its report, in order of first credit;
        with `within`, only credits in the first `within` characters."""
        return order_credits(self.find_credits(text), within)


def order_credits(found: Iterable[Credit], within: int | None = None) -> list[str]:
    """Distinct outlet names, credits in words first, then datelines: a dateline
    "(Kurdistan24) -" names whoever filed the copy, often the page's own outlet."""
    seen: list[str] = []
    for c in sorted(found, key=lambda c: (c.dateline, c.offset)):
        if (within is None or c.offset < within) and c.name not in seen:
            seen.append(c.name)
    return seen
