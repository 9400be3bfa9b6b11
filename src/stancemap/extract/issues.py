"""What a stance is about: issue terms in the predicate's scope, else in its sentence."""

from __future__ import annotations

from spacy.tokens import Span, Token

from stancemap.extract import english

PLAN_ISSUE = "plan.overall"
# The price of an offer: "if granted Donetsk", "provided that", "once sanctions go".
_CONDITIONS = english.SUPPOSITION_MARKS | {"provided", "once"}


def scope_tokens(tok: Token, subject: Token | None) -> set[int]:
    """Token indices the predicate governs, without its subject."""
    idx = {t.i for t in tok.subtree}
    predicates = [tok]
    if (
        tok.pos_ in ("ADJ", "NOUN", "AUX")
        and tok.head.i != tok.i
        and tok.dep_ in ("acomp", "attr", "dobj", "oprd")
    ):
        # "is ready to talk", "made a demand for": the light verb's other arguments count.
        idx |= {t.i for t in tok.head.subtree}
        predicates.append(tok.head)
    for pred in predicates:
        for child in pred.children:
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and child.i != tok.i:
                # "demanded X and rejected Y": Y is the second predicate's, not this one's.
                idx -= {t.i for t in child.subtree}
    idx -= circumstances(predicates, tok)
    if subject is not None:
        idx -= {t.i for t in subject.subtree}
    for t in list(tok.subtree):
        # The price of an offer ("if granted Donetsk", "in exchange for ...") is a
        # different stance from the offer itself.
        if (
            t.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in t.children)
            or (
                t.dep_ == "prep" and t.lower_ == "in" and t.nbor(1).lower_ == "exchange"
                if t.i + 1 < len(t.doc)
                else False
            )
        ):
            idx -= {x.i for x in t.subtree}
    return idx


def plan_scope(plan: Token) -> set[int]:
    """What a plan noun's sentence says the plan holds: its own phrase, and the predicate
    when the plan is its subject ("the plan would cap the army")."""
    idx = {t.i for t in plan.subtree}
    if plan.dep_ in ("nsubj", "nsubjpass") and plan.head.i != plan.i:
        idx |= {t.i for t in plan.head.subtree}
        idx -= circumstances([plan.head], plan)
    # "the memorandum handed over to the delegation during the talks in Istanbul", "the
    # plan presented at the summit": when, where and to whom a plan was put forward is
    # not what it holds.
    handed = [
        c
        for c in plan.children
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in english.PUT_FORWARD
    ]
    idx -= circumstances([plan, *handed], plan)
    for pred in (plan, *handed):
        for child in pred.children:
            recipient = pred is not plan and child.lower_ == "to"
            if child.dep_ == "prep" and (child.lower_ in english.OCCASION_PREPS or recipient):
                idx -= {t.i for t in child.subtree}
    return idx


def circumstances(predicates: list[Token], keep: Token) -> set[int]:
    """Tokens of the predicates' adjuncts of time and circumstance: "Russia rejected the
    truce after meeting the US" and "the plan was drafted during talks in Miami" say
    nothing about meetings or talks."""
    out: set[int] = set()
    for pred in predicates:
        for child in pred.children:
            if child.i != keep.i and (
                child.dep_ == "prep" and child.lower_ in english.CIRCUMSTANCE_PREPS
                or child.dep_ == "advcl"
                and any(
                    m.dep_ == "mark" and m.lower_ in english.CIRCUMSTANCE_PREPS
                    for m in child.children
                )
            ):
                out |= {t.i for t in child.subtree}
    return out


def issues_in(
    sent: Span, token_ids: set[int] | None, issue_spans: dict[str, list[tuple[int, int]]]
) -> list[str]:
    """Issues whose terms fall on the given tokens (or anywhere in the sentence when None)."""
    doc = sent.doc
    found: list[str] = []
    for iid, spans in issue_spans.items():
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or span.start < sent.start or span.end > sent.end:
                continue
            if token_ids is None or any(i in token_ids for i in range(span.start, span.end)):
                found.append(iid)
                break
    return found


def settle(issues: list[str]) -> list[str]:
    """A stance on one clause of a plan belongs to that clause's issue, not to the plan."""
    if PLAN_ISSUE in issues and len(issues) > 1:
        return [i for i in issues if i != PLAN_ISSUE]
    return issues


def plan_point_action(issue: str, points: str) -> str:
    """The action a plan's author takes on an issue the plan names: the plan as a whole
    is put forward (proposed) even when its points are demands."""
    return "propose" if issue == PLAN_ISSUE else points
