"""Predicates that carry a stance: cue words, their negation and modality."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from stancemap.extract import english
from stancemap.extract.lexicon import CueDef, Lexicon

_VERBAL = ("VERB", "AUX")
_REFUSAL = CueDef("reject", verb_only=True, weak=False)


@dataclass(frozen=True, slots=True)
class Cue:
    token: Token  # the head word of the predicate
    action: str  # the action after negation and modality
    cue: str  # the cue as written in the scenario
    fixed: bool  # a multi-word cue that already includes its negation ("will not")
    weak: bool = False  # evidence for the learned model only


def find_cues(sent: Span, lex: Lexicon) -> list[Cue]:
    """Action cues of a sentence with their polarity resolved; negated absences dropped."""
    out: list[Cue] = []
    taken: set[int] = set()
    if lex.multi_cue_re is not None:
        for m in lex.multi_cue_re.finditer(sent.text):
            span = sent.doc.char_span(
                sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
            )
            if span is None:
                continue
            key = m.group(0).lower()
            head = span.root
            if head.dep_ in ("aux", "neg", "expl") and head.head.i != head.i:
                head = head.head
            mdef = lex.cues[key]
            action = mdef.action
            fixed = any(
                w in english.NEGATORS or w.endswith("n't") for w in key.replace("’", "'").split()
            ) or key.startswith("there ")
            final = action if fixed else polarity(head, action)
            taken.update(range(span.start, span.end))
            if final:
                out.append(Cue(head, final, key, fixed, _weak(mdef.weak, action, final, head)))
    for tok in sent:
        if tok.i in taken:
            continue
        cdef: CueDef | None
        cue: str | None
        refusal = _implicit_refusal(tok)
        if refusal is not None:
            (cue, head), cdef = refusal, _REFUSAL
        else:
            (cdef, cue), head = _single(tok, lex), tok
        if cdef is None or cue is None:
            continue
        action = cdef.action
        if tok.dep_ in ("aux", "auxpass") and tok.head.i != tok.i:
            # "must withdraw": the modal is the cue, the verb it governs is the predicate.
            head = tok.head
        final = action if action == "demand" and head is not tok else polarity(head, action)
        if final:
            out.append(Cue(head, final, cue, False, _weak(cdef.weak, action, final, head)))
    return _outermost_dropped(out)


def _implicit_refusal(tok: Token) -> tuple[str, Token] | None:
    """A refusal no cue word of the scenario names, as (cue, predicate head): "warned
    Washington against sending missiles", "warned that supplying missiles would damage
    relations", "called the plan illegal" (the judging verb holds it, and its object is
    what is refused; after a copula the judgement word stays the head, so that the one
    judged is not taken for the judge)."""
    judge = _condemning_verb(tok)
    if judge is not None:
        return tok.lemma_.lower(), tok if judge.lemma_.lower() in english.COPULAS else judge
    if _against(tok):
        return f"{tok.lemma_.lower()} against", tok
    if _warns_of_harm(tok):
        return f"{tok.lemma_.lower()} of harm", tok
    return None


def _against(tok: Token) -> bool:
    """A verb whose "against" refuses; negated or supposed, it is left to the verb's own
    cue ("did not warn against" is no refusal, nor an offer)."""
    return (
        tok.lemma_.lower() in english.AGAINST_VERBS
        and tok.pos_ == "VERB"
        and any(c.dep_ == "prep" and c.lower_ == "against" for c in tok.children)
        and not _negation(tok)[0]
        and not conditional(tok)
    )


def _warns_of_harm(tok: Token) -> bool:
    """A warning that what it speaks of would do harm ("warned that sending missiles
    would damage ties", "a warning that it could lead to escalation"): a refusal of what
    it speaks of. Negated or supposed, it is left to the weak cue "warn"."""
    if tok.lemma_.lower() not in english.WARNING_HEADS or _negation(tok)[0] or conditional(tok):
        return False
    # "a warning that X could lead to ...": the content clause may be parsed as relative.
    clauses = [
        c
        for c in tok.children
        if c.dep_ in ("ccomp", "acl")
        or c.dep_ == "relcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    return any(_harmful(p) for c in clauses for p in (c, *c.conjuncts))


def _condemning_verb(tok: Token) -> Token | None:
    """The verb a condemnation at tok is the predicate of: a judging verb ("called the
    plan illegal", "branded it theft", "dismissed the idea as unrealistic"), or a copula
    ("the plan is absurd"), whose subject is what is judged and whose judge is who says
    so. None for a condemning word in passing ("the illegal annexation")."""
    if tok.lemma_.lower() not in english.CONDEMNATIONS:
        return None
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "as":
        head = head.head
    elif tok.dep_ not in ("oprd", "acomp", "attr", "ccomp", "xcomp"):
        return None
    if head.dep_ == "xcomp" and head.lemma_.lower() not in english.JUDGING_VERBS:
        # "called the plan to use the assets illegal": the parser may hang the judgement
        # from the verb inside the object.
        head = head.head
    lemma = head.lemma_.lower()
    if lemma in english.JUDGING_VERBS or lemma in english.COPULAS:
        return None if _negation(head)[0] else head
    return None


def _harmful(pred: Token) -> bool:
    if any(k.dep_ == "neg" for k in pred.children):
        return False
    lemma = pred.lemma_.lower()
    if lemma in english.HARM_VERBS:
        return True
    if lemma not in english.CAUSE_VERBS:
        return False
    # "would lead to escalation", "would mean a new escalation"
    objects = [k for k in pred.children if k.dep_ in ("dobj", "attr")]
    objects += [
        g for k in pred.children if k.dep_ == "prep" for g in k.children if g.dep_ == "pobj"
    ]
    return any(o.lemma_.lower() in english.HARM_NOUNS for o in objects)


def _weak(weak: bool, action: str, final: str, head: Token) -> bool:
    """Whether a cue is evidence for the models only: a weak cue, unless refused ("cede"
    alone may be anyone's demand of Kyiv, "would never cede" is the subject's own
    rejection) or imposed ("a deadline" may be anyone's, "Trump set a deadline" is his
    demand), or any cue inside a condition ("if Kyiv is ready", "unless Moscow agrees":
    a supposition about the subject, not its stance)."""
    imposed = final == "demand" and _imposed(head)
    return (weak and not (final == "reject" and action != "reject") and not imposed) or (
        conditional(head)
    )


def _imposed(noun: Token) -> bool:
    """Whether a demand noun is set by someone: "Trump set a deadline", "Trump's
    deadline", "the deadline he had given Putin"."""
    if noun.pos_ != "NOUN":
        return False
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in english.IMPOSING_VERBS:
        return True
    return any(
        k.dep_ == "poss" or (k.dep_ == "relcl" and k.lemma_.lower() in english.IMPOSING_VERBS)
        for k in noun.children
    )


def conditional(tok: Token) -> bool:
    """Whether the predicate at tok sits in an if/unless clause of its sentence."""
    t = tok
    while t.head.i != t.i:
        if t.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in english.SUPPOSITION_MARKS for m in t.children
        ):
            return True
        if t.dep_ in ("ccomp", "relcl", "acl"):
            # A condition inside what someone says stays inside it.
            return False
        t = t.head
    return False


def _outermost_dropped(cues: list[Cue]) -> list[Cue]:
    """Drop a cue whose clausal complement holds another: in "suggested he would be
    willing to", the stance is the inner offer, not a proposal. A weak inner cue
    ("insisted that Kyiv should leave", "warned it would damage ties") leaves the outer
    one standing."""
    heads = {c.token.i for c in cues if c.token.lemma_.lower() in english.SPEECH_VERBS}
    drop: set[int] = set()
    for c in cues:
        if c.token.pos_ == "NOUN" or c.weak:
            continue
        t = c.token
        while t.head.i != t.i:
            if t.dep_ == "ccomp" and t.head.i in heads and t.head.i != c.token.i:
                drop.add(t.head.i)
                break
            t = t.head
    return [c for c in cues if c.token.i not in drop]


def _single(tok: Token, lex: Lexicon) -> tuple[CueDef | None, str | None]:
    for key in (tok.lower_, tok.lemma_.lower()):
        cdef = lex.cues.get(key)
        if cdef is not None and any(
            c.dep_ == "prt" and c.lower_ not in ("up", "for") for c in tok.children
        ):
            # A particle makes another verb: "back away" is not "back".
            return None, None
        if cdef is not None and (not cdef.verb_only or tok.pos_ == "VERB"):
            return cdef, key
    return None, None


def _negation(tok: Token) -> tuple[bool, bool]:
    """(negated, strong): strong when the negation sits on a modal or is 'never'."""
    chain = [tok]
    if tok.dep_ == "conj":
        # "has not commented on or endorsed": the negation sits on the first conjunct.
        chain.append(tok.head)
    # "not ready to", "does not want to accept", "no intention of": look at the words
    # the cue hangs from as well.
    if tok.dep_ in ("xcomp", "acomp", "attr", "dobj", "pcomp", "pobj", "oprd") or tok.pos_ in (
        "ADJ",
        "NOUN",
    ):
        chain.append(tok.head)
        if tok.head.dep_ in ("xcomp", "prep", "acomp", "pobj"):
            chain.append(tok.head.head)
    negated = strong = False
    for t in chain:
        kids = list(t.children)
        if any(
            k.dep_ == "neg" or k.lower_ in ("never", "no") and k.dep_ in ("det", "advmod", "neg")
            for k in kids
        ):
            negated = True
            if any(k.lower_ == "never" for k in kids) or any(
                k.dep_ == "aux" and k.lower_ in english.MODALS for k in kids
            ):
                strong = True
        if t is not tok and t.lemma_.lower() in english.REFUSAL_HEADS:
            return True, True
    return negated, strong


def unrealised(tok: Token) -> bool:
    """Whether an acceptance is only asked of or doubted of its subject: "must accept",
    "persuade Kyiv to accept", "a deadline to accept", "whether Ukraine can accept",
    "doubt Putin will accept"."""
    if tok.pos_ != "VERB":
        return False
    kids = list(tok.children)
    if any(k.dep_ == "aux" and k.lower_ in english.IRREALIS_MODALS for k in kids):
        return True
    if any(k.dep_ == "mark" and k.lower_ in english.CONDITION_MARKS for k in kids):
        return True
    if any(k.dep_ == "mark" and k.lower_ == "for" for k in kids) and any(
        k.dep_ == "aux" and k.lower_ == "to" for k in kids
    ):
        # "a deadline for Kyiv to approve the plan": what is asked of Kyiv.
        return True
    head = tok.head
    if head.i == tok.i:
        return False
    # "a deadline to accept": the infinitive hangs from a noun.
    if (
        tok.dep_ in ("acl", "relcl")
        and head.pos_ in ("NOUN", "PROPN")
        and any(k.dep_ == "aux" and k.lower_ == "to" for k in kids)
    ):
        return True
    if tok.dep_ == "ccomp" and head.lemma_.lower() in english.DOUBT_HEADS:
        return True
    return tok.dep_ in ("xcomp", "ccomp") and (
        head.lemma_.lower() in english.CAUSATIVES
        or any(k.dep_ == "dobj" for k in head.children)
        or any(k.dep_ == "advmod" and k.lower_ == "too" for k in head.children)
    )


def polarity(tok: Token, action: str) -> str | None:
    """The action a cue expresses once negation and modality are applied, or None.

    "would never accept" refuses; "has not endorsed" is only the absence of a stance;
    "wouldn't rule out" and "not opposed" signal openness.
    """
    negated, strong = _negation(tok)
    if not negated:
        return action
    if action == "reject":
        return "offer"
    if action == "accept":
        return "reject" if strong else None
    if action == "offer":
        return "reject"
    if action == "demand":
        if tok.lower_ == "must" or tok.lemma_ == "must":
            return "demand"
        return "reject" if tok.lemma_.lower() in ("want", "seek", "wish") else None
    return None
