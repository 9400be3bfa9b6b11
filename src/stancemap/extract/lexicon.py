"""The scenario's word lists compiled into matchers over sentence text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stancemap.extract import english
from stancemap.scenario import Document, Scenario


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names a party, a person speaking for it, or a group of it."""

    start: int  # character offsets in the text the matcher ran on
    end: int
    party: str
    speaker: str | None  # canonical name of a person, or the text of a group mention
    kind: str  # "person", "group" (e.g. "Russian officials") or "party"


def _alternation(words: list[str]) -> str:
    # Longest first so that "Vladimir Putin" wins over "Putin" at the same place.
    uniq = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in uniq)


def _bounded(alt: str) -> str:
    return rf"(?<![\w-])(?:{alt})(?![\w-])"


def _loosely_bounded(alt: str) -> str:
    # Issue terms also count inside hyphenated compounds ("ceasefire-at-current-lines").
    return rf"(?<!\w)(?:{alt})(?!\w)"


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Rough bounds of the sentence holding text[start:end] (before spaCy has split it)."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n"))
    rights = [i for mark in (". ", "! ", "? ", "\n") if (i := text.find(mark, end)) != -1]
    return left + 1, min(rights) if rights else len(text)


def _is_case_sensitive(alias: str) -> bool:
    # Short or single-word names ("US", "Costa", "Kremlin") collide with ordinary words
    # when matched without case; multi-word titles are safe to match loosely.
    return " " not in alias.strip() or len(alias) <= 4


@dataclass(frozen=True, slots=True)
class CueDef:
    action: str
    verb_only: bool
    weak: bool


class Lexicon:
    """Party, issue, action and source matchers built once from a scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._alias: dict[str, tuple[str, str | None, str]] = {}
        exact: list[str] = []
        loose: list[str] = []
        for pid, party in scenario.parties.items():
            for alias in [party.name, *party.aliases]:
                self._alias.setdefault(alias.lower(), (pid, None, "party"))
                (exact if _is_case_sensitive(alias) else loose).append(alias)
            for sp in party.speakers:
                for alias in [sp.name, *sp.aliases]:
                    self._alias.setdefault(alias.lower(), (pid, sp.name, "person"))
                    (exact if _is_case_sensitive(alias) else loose).append(alias)
        self._exact = re.compile(_loosely_bounded(_alternation(exact))) if exact else None
        self._loose = re.compile(_loosely_bounded(_alternation(loose)), re.I) if loose else None

        roles = scenario.role_nouns or list(english.DEFAULT_ROLE_NOUNS)
        # The word of an office that may stand before a name: "Treasury Secretary X".
        self.title_words = frozenset(r.split()[-1].lower() for r in roles) | english.HONORIFICS
        self.demonyms: dict[str, str] = {}
        for pid, party in scenario.parties.items():
            for dem in party.demonyms:
                self.demonyms.setdefault(dem.lower(), pid)
        self._group = None
        if self.demonyms:
            # "Russian officials", "Ukrainian negotiators", "senior European diplomat".
            self._group = re.compile(
                rf"(?<![\w-])(?:{_alternation(list(self.demonyms))})"
                rf"(?:\s+[a-z]+)?\s+(?:{_alternation(roles)})(?![\w-])",
                re.I,
            )
            self._demonym_re = re.compile(_bounded(_alternation(list(self.demonyms))), re.I)

        self.issue_res: dict[str, re.Pattern[str]] = {
            iid: re.compile(_loosely_bounded(_alternation(issue.terms)), re.I)
            for iid, issue in scenario.issues.items()
            if issue.terms
        }
        self.issue_context_res: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
            iid: (
                re.compile(_loosely_bounded(_alternation(issue.terms_with.terms)), re.I),
                re.compile(_loosely_bounded(_alternation(issue.terms_with.context)), re.I),
            )
            for iid, issue in scenario.issues.items()
            if issue.terms_with and issue.terms_with.terms and issue.terms_with.context
        }
        # A cue may carry prefixes: "v:" (only as a verb: "v:back" is not "back away")
        # and "~" (weak: evidence for the learned model, a rule on its own only where
        # negation makes it a refusal: "~cede" in "would never cede").
        self.cues: dict[str, CueDef] = {}
        multi: list[str] = []
        for aid, action in scenario.actions.items():
            for raw in action.cues:
                key = raw.lower()
                weak = key.startswith("~")
                key = key.lstrip("~")
                verb_only = key.startswith("v:")
                key = key.removeprefix("v:")
                self.cues.setdefault(key, CueDef(aid, verb_only, weak))
                if " " in key or "'" in key or "’" in key:
                    multi.append(key)
        self.multi_cue_re = re.compile(_bounded(_alternation(multi)), re.I) if multi else None
        self.source_re = (
            re.compile(_bounded(_alternation(scenario.sources))) if scenario.sources else None
        )
        self._document: dict[str, Document] = {}
        # (author, kind) -> what the points of that author's document of that kind are:
        # "Russian memorandum" makes every Russian memorandum's points demands.
        self._points: dict[tuple[str, str], str] = {}
        for document in scenario.documents:
            for alias in [document.name, *document.aliases]:
                self._document.setdefault(alias.lower(), document)
            self._points.setdefault(
                (document.author, document.name.split()[-1].lower()), document.stance
            )
        self.document_re = (
            re.compile(_bounded(_alternation(list(self._document))), re.I)
            if self._document
            else None
        )
        hedges = scenario.hedges or list(english.DEFAULT_HEDGES)
        self.hedge_re = re.compile(_bounded(_alternation(hedges)), re.I)

    def mentions(self, text: str) -> list[Mention]:
        """Non-overlapping party mentions in text, longest match first, in text order."""
        found: list[Mention] = []
        for rx in (self._exact, self._loose):
            if rx is None:
                continue
            for m in rx.finditer(text):
                pid, speaker, kind = self._alias[m.group(0).lower()]
                found.append(Mention(m.start(), m.end(), pid, speaker, kind))
        if self._group is not None:
            for m in self._group.finditer(text):
                dm = self._demonym_re.match(m.group(0))
                if dm:
                    pid = self.demonyms[dm.group(0).lower()]
                    found.append(Mention(m.start(), m.end(), pid, m.group(0), "group"))
        found.sort(key=lambda x: (-(x.end - x.start), x.start))
        chosen: list[Mention] = []
        for men in found:
            if all(men.end <= c.start or men.start >= c.end for c in chosen):
                chosen.append(men)
        return sorted(chosen, key=lambda x: x.start)

    def documents(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, author party) of each named document of the scenario in text."""
        if self.document_re is None:
            return []
        return [
            (m.start(), m.end(), self._document[m.group(0).lower()].author)
            for m in self.document_re.finditer(text)
        ]

    def document_points(self, name: str) -> str:
        """The action of what the scenario's document named so says."""
        document = self._document.get(name.lower())
        return document.stance if document else "propose"

    def plan_points(self, author: str, kind: str) -> str | None:
        """The action of what a plan says ("propose" or "demand"), when the scenario names
        a document of that author and kind ("memorandum", "plan")."""
        return self._points.get((author, kind.lower()))

    def issues(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Issue id -> spans of its terms in text."""
        out: dict[str, list[tuple[int, int]]] = {}
        idioms = [m.span() for m in english.IDIOMS.finditer(text)]
        for iid, rx in self.issue_res.items():
            spans = [
                m.span()
                for m in rx.finditer(text)
                if not any(s <= m.start() and m.end() <= e for s, e in idioms)
            ]
            if spans:
                out[iid] = spans
        for iid, (term_re, context_re) in self.issue_context_res.items():
            for m in term_re.finditer(text):
                start, end = _sentence_around(text, m.start(), m.end())
                if context_re.search(text[start : m.start()]) or context_re.search(
                    text[m.end() : end]
                ):
                    out.setdefault(iid, []).append(m.span())
            if iid in out:
                out[iid].sort()
        return out

    def sources(self, text: str) -> list[tuple[int, int, str]]:
        if self.source_re is None:
            return []
        return [(m.start(), m.end(), m.group(0)) for m in self.source_re.finditer(text)]
