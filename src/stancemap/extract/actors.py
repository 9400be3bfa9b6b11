"""Who holds a stance: mentions, the subject of a predicate, pronouns and quote speakers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from stancemap.extract import english
from stancemap.extract.lexicon import Mention

# Dependency labels through which a predicate inherits the subject of its head.
_CLIMB = frozenset(
    [
        "xcomp",
        "acomp",
        "conj",
        "advcl",
        "dobj",
        "pobj",
        "prep",
        "attr",
        "amod",
        "appos",
        "oprd",
        "pcomp",
        "ccomp",
        "nmod",
        "npadvmod",
        "compound",
        "relcl",
        "acl",
    ]
)
_SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")


@dataclass(frozen=True, slots=True)
class Ref:
    """A resolved actor: party id, who spoke as written, and how it was found."""

    party: str
    speaker: str | None
    kind: str  # person, group or party
    how: str = "name"


@dataclass
class Memory:
    """What earlier sentences of the same article said, for pronouns and carried issues."""

    last_person: Ref | None = None
    last_party: Ref | None = None
    plan_owner: Ref | None = None
    plan_points: str = "propose"  # the action of what that plan says
    blocks_since_plan: int = 0  # paragraphs since plan_owner was last named or listed
    quote_speaker: Ref | None = None
    recent: list[str] = field(default_factory=list)  # parties, most recently named last
    last_issues: list[str] = field(default_factory=list)  # of the last sentence naming any

    def see(self, refs: list[Ref]) -> None:
        for ref in refs:
            if ref.party in self.recent:
                self.recent.remove(ref.party)
            self.recent.append(ref.party)
            if ref.kind == "person":
                self.last_person = ref
            self.last_party = ref


def ref_of(mention: Mention, text: str) -> Ref:
    speaker = mention.speaker if mention.kind == "person" else text[mention.start : mention.end]
    return Ref(mention.party, speaker, mention.kind)


class SentenceActors:
    """Mentions of one sentence mapped to its tokens."""

    def __init__(
        self,
        sent: Span,
        mentions: list[Mention],
        titles: frozenset[str] = frozenset(),
        documents: Sequence[tuple[int, int, str]] = (),
        demonyms: Mapping[str, str] | None = None,
    ) -> None:
        self.sent = sent
        self.titles = titles
        self.demonyms = demonyms or {}
        self.by_token: dict[int, Ref] = {}
        self.refs: list[tuple[int, int, Ref]] = []
        doc = sent.doc
        for men in mentions:
            span = doc.char_span(men.start, men.end, alignment_mode="expand")
            if span is None or span.start < sent.start or span.end > sent.end:
                continue
            ref = ref_of(men, doc.text)
            self.refs.append((span.start, span.end, ref))
            for i in range(span.start, span.end):
                self.by_token[i] = ref
        # Named documents of the scenario in this sentence: (start, end offsets, author).
        self.documents = [
            (start, end, author)
            for start, end, author in documents
            if sent.start_char <= start and end <= sent.end_char
        ]

    def document_refs(self, tok: Token, own: bool = False) -> list[Ref]:
        """The authors of the scenario's named documents inside the phrase of tok ("the
        28-point plan" -> its author); with own, only of a name tok is part of ("the
        Blue Paper" at "Paper")."""
        lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
        if own:
            lo, hi = tok.idx, tok.idx + len(tok)
        out: list[Ref] = []
        for start, end, author in self.documents:
            ref = Ref(author, None, "party", "document")
            inside = start <= lo and hi <= end if own else lo <= start and end <= hi
            if inside and ref not in out:
                out.append(ref)
        return out

    def in_subtree(self, tok: Token) -> list[Ref]:
        lo, hi = tok.left_edge.i, tok.right_edge.i
        return [ref for s, _e, ref in self.refs if lo <= s <= hi]

    def np_refs(self, tok: Token) -> list[Ref]:
        """Parties named by the noun phrase headed by tok, coordinated ones included."""
        heads = [tok, *[c for c in tok.conjuncts if c.i > tok.i]]
        out: list[Ref] = []
        for h in heads:
            ref = self.by_token.get(h.i)
            if ref is None:
                # "Russian President Vladimir Putin", "the Kremlin's envoy": a mention
                # among the left modifiers of the head stands for the phrase.
                for child in h.lefts:
                    if child.dep_ in ("compound", "poss", "amod", "nmod"):
                        # "the UK-French proposal": the name may sit one level down.
                        ref = next(
                            (r for t in child.subtree if (r := self.by_token.get(t.i))), None
                        )
                        if ref:
                            break
                if ref is not None and h.pos_ == "PROPN":
                    # "US Treasury Secretary Scott Bessent": the title gives the party,
                    # the name after it is who speaks.
                    name = _name_at(h, self.by_token, self.titles)
                    if name:
                        ref = Ref(ref.party, name, "person", "title")
            if ref is None and h.dep_ != "conj":
                # "officials from the White House", "the head of the Kremlin delegation"
                for child in h.rights:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from", "in", "at"):
                        for pobj in child.children:
                            ref = self.by_token.get(pobj.i) or ref
            if ref is not None and ref not in out:
                out.append(ref)
        return out


def _name_at(head: Token, taken: dict[int, Ref], titles: frozenset[str]) -> str | None:
    """The personal name ending at head when a title or a party stands just before it
    ("Scott Bessent" in "US Treasury Secretary Scott Bessent"), else None."""
    doc, start = head.doc, head.sent.start
    words: list[Token] = []
    i = head.i
    while (
        i >= start
        and doc[i].pos_ == "PROPN"
        and i not in taken
        and doc[i].lower_ not in titles
    ):
        words.insert(0, doc[i])
        i -= 1
    if not words or i < start or words[-1].i != head.i:
        return None
    before = doc[i]
    if before.lower_ not in titles and before.i not in taken:
        return None
    return " ".join(t.text for t in words)


def resolve_np(
    tok: Token,
    actors: SentenceActors,
    mem: Memory,
    in_quote_speaker: Ref | None,
    quoted: Sequence[tuple[int, int]] = (),
) -> list[Ref]:
    """Parties an argument token stands for, through names, pronouns and plan nouns.
    `quoted` holds the character ranges of quotations, whose names are no antecedent of a
    pronoun outside them."""
    refs = actors.np_refs(tok)
    if refs:
        return refs
    low = tok.lower_
    if tok.pos_ == "PRON" or low in english.PERSON_PRONOUNS | english.GROUP_PRONOUNS:
        if low in english.FIRST_PERSON:
            speaker = in_quote_speaker or mem.quote_speaker
            return [Ref(speaker.party, speaker.speaker, speaker.kind, "quote")] if speaker else []
        if low in english.PERSON_PRONOUNS:
            # "Trump said he would...": a person named earlier in the same sentence is
            # a better antecedent than the last one of the previous sentences.
            # "'Putin does not want it,' he said": the one quoted speaks of Putin; he is
            # not the antecedent.
            doc = tok.doc
            before = [
                r
                for s, _e, r in actors.refs
                if s < tok.i
                and r.kind == "person"
                and not any(qs <= doc[s].idx < qe for qs, qe in quoted)
            ]
            ante = before[-1] if before else mem.last_person
            if ante:
                return [Ref(ante.party, ante.speaker, "person", "pronoun")]
        if low in english.GROUP_PRONOUNS and mem.last_party:
            return [
                Ref(mem.last_party.party, mem.last_party.speaker, mem.last_party.kind, "pronoun")
            ]
        return []
    if (
        tok.lemma_.lower() in english.COLLECTIVE_NOUNS
        and tok.tag_ in ("NNS", "NNPS")
        and any(c.lower_ in english.COLLECTIVE_DETS for c in tok.children)
    ):
        named = [r.party for s, _e, r in actors.refs if s < tok.i]
        pair = list(dict.fromkeys(reversed(mem.recent + named)))[:2]
        if len(pair) == 2:
            return [Ref(p, tok.text, "group", "collective") for p in pair]
    plan_noun = tok.lemma_.lower() in english.PLAN_NOUNS
    known = actors.document_refs(tok, own=not plan_noun)
    if known:
        return known
    if plan_noun and mem.plan_owner:
        return [Ref(mem.plan_owner.party, None, "party", "plan")]
    return []


def plan_author(tok: Token, actors: SentenceActors) -> list[Ref]:
    """The author of the plan named at tok: a party in its own phrase ("the US plan",
    "Russia's memorandum", "the European counter-proposal"), else the known author of a
    document the scenario names ("the 28-point plan") together with whoever the sentence
    says put it forward ("Russia presented a memorandum", "a plan drafted by Russian
    officials")."""
    refs = actors.np_refs(tok)
    if refs:
        return refs
    for child in tok.lefts:
        ref = _demonym_ref(child, actors)
        if ref:
            return [ref]
    put: list[Ref] = []
    head = tok.head
    if head.i != tok.i and head.lemma_.lower() in english.PUT_FORWARD:
        if tok.dep_ == "dobj":
            subj = [c for c in head.children if c.dep_ == "nsubj"]
            if subj:
                put = actors.np_refs(subj[0])
        elif tok.dep_ == "nsubjpass":
            put = _agent_refs(head, actors)
    for child in tok.children:
        if put or child.lemma_.lower() not in english.PUT_FORWARD:
            continue
        if child.dep_ == "acl":
            put = _agent_refs(child, actors)
        elif child.dep_ == "relcl":
            # "the memorandum that Russia handed over", "a plan which was drafted by Kyiv"
            subj = [c for c in child.children if c.dep_ == "nsubj"]
            put = actors.np_refs(subj[0]) if subj else _agent_refs(child, actors)
    known = actors.document_refs(tok)
    return known + [r for r in put if r.party not in {k.party for k in known}]


def _demonym_ref(child: Token, actors: SentenceActors) -> Ref | None:
    """The party a demonym modifying a noun names: "the American proposal", "Russian
    demands"."""
    if child.dep_ not in ("compound", "amod", "nmod"):
        return None
    party = actors.demonyms.get(child.lower_)
    return Ref(party, None, "party", "demonym") if party else None


def _agent_refs(verb: Token, actors: SentenceActors) -> list[Ref]:
    """Parties of the "by ..." phrase of a passive verb."""
    for agent in verb.children:
        if agent.dep_ == "agent":
            for pobj in agent.children:
                if pobj.dep_ == "pobj":
                    return actors.np_refs(pobj)
    return []


def noun_owner(
    tok: Token, actors: SentenceActors, mem: Memory, qs: Ref | None, by: bool = True
) -> tuple[list[Ref], Token | None]:
    """The party a noun belongs to by its own modifiers ("Kyiv's demand", "the Russian
    proposal", with `by` also "a request by Ukraine"), and the modifier that names it;
    nothing when the noun names no owner."""
    for child in tok.children:
        if child.dep_ == "poss":
            refs = resolve_np(child, actors, mem, qs)
            if refs:
                return refs, child
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod", "nmod"):
            ref = actors.by_token.get(child.i)
            if ref:
                return [ref], child
            ref = _demonym_ref(child, actors)
            if ref:
                return [ref], child
    for child in tok.rights if by else ():
        # "a request by Ukraine", "the proposal from Moscow"
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for pobj in child.children:
                refs = resolve_np(pobj, actors, mem, qs) if pobj.dep_ == "pobj" else []
                if refs:
                    return refs, pobj
    for child in tok.rights:
        # "the deadline he had given Putin", "the conditions that Moscow set out": the one
        # who set or put forward what the noun names owns it ("the plan Kyiv rejected"
        # is not Kyiv's).
        if child.dep_ == "relcl" and child.lemma_.lower() in (
            english.IMPOSING_VERBS | english.PUT_FORWARD
        ):
            for subj in child.children:
                refs = resolve_np(subj, actors, mem, qs) if subj.dep_ == "nsubj" else []
                if refs:
                    return refs, subj
    for child in tok.lefts:
        # "Trump's ceasefire-at-current-lines proposal": a possessor the parser hung from
        # another modifier of the noun is still the noun's owner.
        for t in child.subtree:
            ref = actors.by_token.get(t.i)
            if ref and any(k.dep_ == "case" for k in t.children):
                return [ref], t
    return [], None


def cue_holder(
    tok: Token,
    action: str,
    other_stances: dict[int, str],
    actors: SentenceActors,
    mem: Memory,
    qs: Ref | None,
) -> tuple[list[Ref], Token | None, bool]:
    """Who holds the stance of the cue at tok (see subject_of), except that a noun cue
    which is the object of another stance's predicate ("Kyiv endorsed the proposal") has
    only the owner its own phrase names: the proposal is not Kyiv's. other_stances maps
    the sentence's verbal cue heads to their actions. The third value says the cue is
    such an object: no one else (a speaker, a plan) may hold it either."""
    other = _other_stance_over(tok, action, other_stances) if tok.pos_ == "NOUN" else None
    if other is not None:
        # "Kyiv sought a commitment from Washington": what is asked for comes from the
        # one asked, who has not given it; "rejected a request from Kyiv" is Kyiv's.
        return (*noun_owner(tok, actors, mem, qs, by=other != "demand"), True)
    return (*subject_of(tok, actors, mem, qs), False)


def _other_stance_over(tok: Token, action: str, other_stances: dict[int, str]) -> str | None:
    """The action of another stance whose object the noun cue at tok is, if any."""
    cur = tok
    while cur.dep_ in ("dobj", "pobj", "prep") and cur.head.i != cur.i:
        cur = cur.head
        other = other_stances.get(cur.i)
        if other is None:
            # "Russia called the proposal unacceptable": the judgement is the verb's
            # predicate complement.
            other = next(
                (
                    other_stances[c.i]
                    for c in cur.children
                    if c.dep_ in ("oprd", "acomp") and c.i in other_stances
                ),
                None,
            )
        if other is not None:
            return other if other != action else None
    return None


def subject_of(
    tok: Token, actors: SentenceActors, mem: Memory, qs: Ref | None
) -> tuple[list[Ref], Token | None]:
    """The holder of the predicate at tok: its subject, or its head's, climbing a few steps.

    Returns the parties and the subject token (to keep the subject out of the issue scope).
    """
    cur = tok
    evaluative = tok.lemma_.lower() in english.EVALUATIVES
    judged = False
    for _ in range(6):
        if cur.pos_ in ("NOUN", "PROPN") and not judged:
            # "pressure from Washington to accept": the one pressing is not the one
            # accepting, so a noun climbed to keeps only its own possessor.
            refs, owner = noun_owner(cur, actors, mem, qs, by=cur.i == tok.i)
            if refs:
                return refs, owner
        subj = [c for c in cur.children if c.dep_ in _SUBJ]
        agent = [
            g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if agent and not judged:
            refs = resolve_np(agent[0], actors, mem, qs)
            if refs:
                return refs, agent[0]
        if subj and evaluative and (
            cur.i == tok.i or cur.i == tok.head.i and cur.lemma_.lower() in english.COPULAS
        ):
            # "Zelensky is illegitimate": the subject is judged, not judging; the judge
            # is who says or thinks so ("Peskov said", "the Kremlin considers").
            judged = True
        if judged:
            if cur.dep_ in _CLIMB and cur.head.i != cur.i:
                # A conjunct shares the judged subject ("his term expired and he is
                # illegitimate"); the clause above it is the judge's.
                judged = cur.dep_ == "conj"
                cur = cur.head
                continue
            return [], None
        if subj and subj[0].dep_ != "nsubjpass" and subj[0].dep_ != "expl":
            refs = resolve_np(subj[0], actors, mem, qs)
            return refs, subj[0]
        if subj and subj[0].dep_ == "nsubjpass":
            # "Ukraine would be required to cede": the subject is the target, not the actor.
            return [], subj[0]
        if cur is tok and reduced_passive(tok):
            # Climbing would hand the stance to the one it is asked of.
            return [], None
        if cur.dep_ in _CLIMB and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return [], None


def reduced_passive(tok: Token) -> bool:
    """Whether tok is a bare past participle heading a clause of its own ("when asked
    about sanctions, Trump said ...", "Russia rejected the truce proposed last week"):
    the party beside it is the one asked or the one answering, not the one acting."""
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in ("advcl", "acl", "relcl")
        and not any(c.dep_ in ("aux", "auxpass", *_SUBJ) for c in tok.children)
    )
