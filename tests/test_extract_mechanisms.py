"""One test per mechanism of the extraction engine, on sentences written for the purpose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from stancemap.extract import Extractor
from stancemap.extract.dates import resolve
from stancemap.extract.segment import blocks
from stancemap.models import Article
from stancemap.scenario import Document, Scenario
from stancemap.store import Store
from tests.conftest import article, keys


def test_negated_endorsement_is_no_statement(rules: Extractor) -> None:
    found = rules.extract(article("Trump has not endorsed the demand to cede Donetsk."))
    assert ("USA", "accept", "territory.donbas") not in keys(found)


def test_negated_modal_acceptance_is_a_rejection(rules: Extractor) -> None:
    found = rules.extract(article("Zelensky said Ukraine would never accept the loss of Donbas."))
    assert ("UKR", "reject", "territory.donbas") in keys(found)


def test_a_refused_concession_is_a_rejection(rules: Extractor) -> None:
    found = rules.extract(article("The Ukrainian leader said he would never give up Donbas."))
    assert ("UKR", "reject", "territory.donbas") in keys(found)
    found = rules.extract(article("Kyiv has no intention of ceding Donetsk."))
    assert ("UKR", "reject", "territory.donbas") in keys(found)
    found = rules.extract(article("“We will never recognise Crimea as Russian,” Sybiha said."))
    assert ("UKR", "reject", "territory.recognition") in keys(found)


def test_a_concession_asked_of_a_party_is_not_its_stance(rules: Extractor) -> None:
    found = keys(rules.extract(article("Moscow demanded that Kyiv cede Donbas.")))
    assert found == {("RUS", "demand", "territory.donbas")}


def test_the_one_asked_holds_no_stance(rules: Extractor) -> None:
    for text in (
        "When asked about sanctions relief, Trump said he was not thinking about it.",
        "Trump, when asked whether the US could lift sanctions, said it was possible.",
    ):
        found = keys(rules.extract(article(text)))
        assert ("USA", "demand", "sanctions") not in found, text
    found = keys(rules.extract(article("Moscow rejected the ceasefire proposed last week.")))
    assert found == {("RUS", "reject", "ceasefire")}
    found = keys(rules.extract(article("Moscow rejected the ceasefire proposed by Kyiv.")))
    assert ("UKR", "propose", "ceasefire") in found
    found = keys(rules.extract(article("Zelensky asked Trump for Tomahawk missiles.")))
    assert ("UKR", "demand", "weapons.supply") in found


def test_a_supposition_is_no_stance(rules: Extractor) -> None:
    found = keys(rules.extract(article("Sanctions will follow if Russia rejects the ceasefire.")))
    assert ("RUS", "reject", "ceasefire") not in found
    found = keys(rules.extract(article("If Kyiv is ready to cede Donbas, the war can end soon.")))
    assert ("UKR", "offer", "territory.donbas") not in found
    # Outside a condition the same words are a stance.
    found = keys(rules.extract(article("Russia rejects the ceasefire.")))
    assert ("RUS", "reject", "ceasefire") in found
    found = keys(rules.extract(article("Kyiv is ready to cede Donbas, the war can end soon.")))
    assert ("UKR", "offer", "territory.donbas") in found


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv has firmly stated its unwillingness to recognise Russian control over Crimea.",
        "Officials in Kyiv are unwilling to recognise the annexation of Crimea.",
    ],
)
def test_unwillingness_is_a_rejection(rules: Extractor, text: str) -> None:
    assert ("UKR", "reject", "territory.recognition") in keys(rules.extract(article(text)))


def test_an_idiom_of_refusal_is_a_rejection(rules: Extractor) -> None:
    found = keys(rules.extract(article("Medinsky poured cold water on the idea of a summit.")))
    assert ("RUS", "reject", "talks.format") in found
    found = keys(rules.extract(article("Moscow does not intend to hold indirect negotiations.")))
    assert ("RUS", "reject", "talks.format") in found


def test_a_coordinated_predicate_keeps_its_own_issue(rules: Extractor) -> None:
    found = keys(rules.extract(article(
        "The Kremlin said Moscow was open to talks in Geneva but rejected a ceasefire."
    )))
    assert ("RUS", "reject", "ceasefire") in found
    assert ("RUS", "offer", "ceasefire") not in found
    found = keys(rules.extract(article(
        "Kyiv welcomed the prisoner exchange and demanded security guarantees."
    )))
    assert ("UKR", "demand", "security.guarantees") in found
    assert ("UKR", "accept", "security.guarantees") not in found


def test_a_proposal_endorsed_by_one_party_is_not_its_own(rules: Extractor) -> None:
    def cue_features(text: str) -> dict[str, set[str]]:
        [(_art, cands)] = list(rules.candidates_many([article(text)]))
        return {
            c.ref.party: {f for f in c.features if f.startswith("cue=")}
            for c in cands
            if c.issue == "ceasefire"
        }

    found = cue_features("Kyiv endorsed the proposal for a ceasefire.")
    assert found["UKR"] == {"cue=accept"}
    # The parser hangs "Trump's" from "ceasefire", not from "proposal".
    found = cue_features("Kyiv endorsed Trump’s ceasefire-along-the-front proposal on Tuesday.")
    assert found["UKR"] == {"cue=accept"}
    assert found["USA"] == {"cue=propose"}
    found = cue_features("Ukraine made a proposal for a ceasefire.")
    assert found["UKR"] == {"cue=propose"}


def test_readiness_is_an_offer(rules: Extractor) -> None:
    found = rules.extract(
        article("The Kremlin is ready to discuss security guarantees for Ukraine.")
    )
    assert ("RUS", "offer", "security.guarantees") in keys(found)


def test_not_ruling_out_is_an_offer(rules: Extractor) -> None:
    found = rules.extract(
        article("Macron said he would not rule out sending peacekeepers after a deal.")
    )
    assert ("EUR", "offer", "security.troops") in keys(found)


def test_pronoun_refers_to_the_last_named_person(rules: Extractor) -> None:
    text = (
        "Volodymyr Zelensky spoke to reporters in Kyiv on Monday.\n"
        "He rejected any withdrawal from Donbas."
    )
    found = rules.extract(article(text))
    assert ("UKR", "reject", "territory.donbas") in keys(found)


def test_pronoun_prefers_a_name_in_the_same_sentence(rules: Extractor) -> None:
    text = "Putin met the envoy on Tuesday.\nTrump said he would reject new sanctions for now."
    found = rules.extract(article(text))
    assert ("USA", "reject", "sanctions") in keys(found)
    assert ("RUS", "reject", "sanctions") not in keys(found)


def test_title_resolves_to_its_party(rules: Extractor) -> None:
    found = rules.extract(article("The Russian leader demanded a halt to arms deliveries to Kyiv."))
    assert ("RUS", "demand", "weapons.supply") in keys(found)
    assert any(s.speaker == "Vladimir Putin" for s in found)


def test_quote_belongs_to_its_speaker(rules: Extractor) -> None:
    text = "“We will never accept foreign troops in Ukraine,” Lavrov told reporters."
    found = rules.extract(article(text))
    assert ("RUS", "reject", "security.troops") in keys(found)


def test_reported_speech_credits_the_reporting_person(rules: Extractor) -> None:
    text = "Zelensky said that Trump agreed to provide security guarantees."
    found = [s for s in rules.extract(article(text)) if s.actor == "USA"]
    assert found and found[0].action == "accept"
    assert found[0].attribution == "Volodymyr Zelensky"


def test_according_to_an_outlet_report(rules: Extractor) -> None:
    text = (
        "Putin demanded that Ukraine give up Donetsk, according to a Washington Post report "
        "citing two senior officials."
    )
    found = rules.extract(article(text))
    st = [s for s in found if (s.actor, s.action, s.issue) == ("RUS", "demand", "territory.donbas")]
    assert st and st[0].attribution == "Washington Post" and st[0].hedged


def test_outlet_reported(rules: Extractor) -> None:
    found = rules.extract(article("Reuters reported that the Kremlin rejected a ceasefire."))
    st = [s for s in found if s.actor == "RUS"]
    assert st and st[0].attribution == "Reuters" and st[0].action == "reject"


def test_an_outlet_a_claim_comes_via_is_its_source(rules: Extractor) -> None:
    found = rules.extract(article(
        "Lavrov said Moscow would never accept European peacekeepers (via Reuters)."
    ))
    st = [s for s in found if s.actor == "RUS"]
    assert st and {s.attribution for s in st} == {"Reuters"}


def test_report_source_carries_to_hedged_retellings(rules: Extractor) -> None:
    text = (
        "Axios reported on the draft on Wednesday.\n"
        "Moscow has reportedly demanded that Kyiv cap the size of its army."
    )
    found = rules.extract(article(text))
    st = [s for s in found if s.actor == "RUS" and s.issue == "military.limits"]
    assert st and st[0].attribution == "Axios" and st[0].hedged


def test_direct_statement_is_not_hedged(rules: Extractor) -> None:
    found = rules.extract(article("Zelensky rejected ceding territory in the east."))
    st = [s for s in found if s.actor == "UKR"]
    assert st and not st[0].hedged and st[0].attribution is None


def test_two_issues_in_one_sentence_give_two_statements(rules: Extractor) -> None:
    text = "Putin demanded the whole of Donbas and a ban on NATO membership for Ukraine."
    found = keys(rules.extract(article(text)))
    assert {("RUS", "demand", "territory.donbas"), ("RUS", "demand", "nato.membership")} <= found


def test_one_statement_per_key_and_sentence(rules: Extractor) -> None:
    text = "Putin demanded Donetsk and demanded Luhansk."
    found = [s for s in rules.extract(article(text)) if s.issue == "territory.donbas"]
    assert len(found) == 1


def test_headline_counts(rules: Extractor) -> None:
    text = "Zelensky Rejects Kremlin Demand to Withdraw From Donbas\nThe talks continue."
    found = rules.extract(article(text))
    assert ("UKR", "reject", "territory.donbas") in keys(found)


def test_statement_fields(rules: Extractor) -> None:
    text = "Noise line\nOn Friday, Trump proposed a summit with Putin in Budapest."
    art = article(text, published=date(2025, 10, 20))
    found = [s for s in rules.extract(art) if s.actor == "USA"]
    assert found
    s = found[0]
    assert s.doc == "t" and s.action == "propose" and s.issue == "talks.format"
    assert text[s.start : s.end] == s.sentence
    assert s.date == date(2025, 10, 17)


def test_weekday_resolves_against_publication() -> None:
    assert resolve("Trump said on Friday that ...", date(2025, 10, 20)) == date(2025, 10, 17)
    assert resolve("Putin said on Monday that ...", date(2025, 10, 20)) == date(2025, 10, 20)
    assert resolve("Putin said yesterday that ...", date(2025, 10, 20)) == date(2025, 10, 19)
    assert resolve("Putin said last Monday that ...", date(2025, 10, 20)) == date(2025, 10, 13)


def test_explicit_dates_and_vague_ones() -> None:
    assert resolve("On August 16, the leaders met.", date(2025, 8, 20)) == date(2025, 8, 16)
    assert resolve("On 3 January the coalition met.", date(2026, 1, 5)) == date(2026, 1, 3)
    assert resolve("Last week Trump spoke to Putin.", date(2025, 10, 20)) is None
    assert resolve("Trump said on Friday ...", None) is None


def test_non_english_articles_are_skipped(rules: Extractor) -> None:
    assert rules.extract(article("Putin demanded Donetsk.", language="de")) == []
    text = (
        "Путин потребовал, чтобы Украина отказалась от Донбасса, сообщили источники. "
        "Зеленский отверг это требование и заявил о готовности к переговорам."
    )
    assert rules.extract(article(text)) == []


def test_navigation_lines_are_not_parsed() -> None:
    text = "Home > World\n![](x.jpg)\nPutin demanded Donetsk in talks with Trump on Friday."
    found = blocks(text)
    assert [b.text for b in found] == ["Putin demanded Donetsk in talks with Trump on Friday."]
    assert text[found[0].start :].startswith(found[0].text)


def test_extract_many_matches_extract(rules: Extractor) -> None:
    arts = [article("Kyiv rejected the plan."), article("Trump proposed a summit in Budapest.")]
    many = [found for _a, found in rules.extract_many(arts, batch_size=1)]
    assert [keys(f) for f in many] == [keys(rules.extract(a)) for a in arts]


def test_both_sides_are_the_two_parties_last_named(rules: Extractor) -> None:
    text = (
        "Russia and Ukraine held talks in Istanbul on Friday.\n"
        "Both sides agreed to a prisoner exchange."
    )
    found = keys(rules.extract(article(text)))
    assert {("RUS", "accept", "humanitarian"), ("UKR", "accept", "humanitarian")} <= found


def test_a_plan_proposes_what_it_contains(rules: Extractor) -> None:
    text = "The US plan would cap the Ukrainian army at 600,000 troops."
    found = keys(rules.extract(article(text)))
    assert ("USA", "propose", "military.limits") in found


def test_rejecting_a_plan_credits_its_author_with_the_proposal(rules: Extractor) -> None:
    text = "Moscow rejected the UK-French proposal for a one-month ceasefire."
    found = keys(rules.extract(article(text)))
    assert {("RUS", "reject", "ceasefire"), ("EUR", "propose", "ceasefire")} <= found


def test_an_issue_carries_to_a_sentence_that_refers_back(rules: Extractor) -> None:
    text = "Kyiv proposed a full ceasefire on Monday.\nThe Kremlin rejected it within hours."
    found = keys(rules.extract(article(text)))
    assert ("RUS", "reject", "ceasefire") in found


def test_a_scene_setting_issue_needs_the_predicate_scope(rules: Extractor) -> None:
    # talks.format is "scoped" in the scenario: the summit only sets the scene here.
    text = "Ahead of the Budapest summit, Zelensky said Ukraine would never accept that."
    assert rules.scenario.issues["talks.format"].scoped
    found = keys(rules.extract(article(text)))
    assert not {k for k in found if k[2] == "talks.format"}
    text = "Zelensky said Ukraine would never accept a summit in Budapest."
    assert ("UKR", "reject", "talks.format") in keys(rules.extract(article(text)))


class _FixedModel:
    """A stand-in model that gives every candidate the same probabilities."""

    def __init__(self, probs: list[float]) -> None:
        self.probs = probs
        self.threshold = 2.0

    def proba(self, feats: list[set[str]]) -> np.ndarray:
        return np.array([self.probs] * len(feats))

    def decide(self, feats: list[set[str]]) -> list[tuple[str | None, float]]:
        return [(None, 0.0)] * len(feats)

    def choose(self, probs: np.ndarray) -> list[tuple[str | None, float]]:
        return [(None, 0.0)] * len(probs)


def test_model_vetoes_and_switches_a_rule_action(scenario: Scenario) -> None:
    text = "Zelensky rejected any withdrawal from Donbas."
    ex = Extractor(scenario, use_model=False)
    ex.veto = 0.9
    assert ("UKR", "reject", "territory.donbas") in keys(ex.extract(article(text)))
    # labels: none, demand, offer, reject, accept, propose
    ex.model = _FixedModel([0.95, 0.01, 0.01, 0.01, 0.01, 0.01])  # type: ignore[assignment]
    assert ("UKR", "reject", "territory.donbas") not in keys(ex.extract(article(text)))
    ex.model = _FixedModel([0.1, 0.6, 0.0, 0.3, 0.0, 0.0])  # type: ignore[assignment]
    found = keys(ex.extract(article(text)))
    assert ("UKR", "demand", "territory.donbas") in found
    assert ("UKR", "reject", "territory.donbas") not in found
    ex.model = _FixedModel([0.5, 0.2, 0.0, 0.3, 0.0, 0.0])  # type: ignore[assignment]
    assert ("UKR", "reject", "territory.donbas") in keys(ex.extract(article(text)))


def test_maritime_truce_and_alliance_name_are_issues(rules: Extractor) -> None:
    found = keys(rules.extract(article("Moscow agreed to stop the use of force in the Black Sea.")))
    assert ("RUS", "accept", "ceasefire") in found
    text = "Zelensky demanded a path into the North Atlantic Treaty Organization."
    assert ("UKR", "demand", "nato.membership") in keys(rules.extract(article(text)))


def test_in_exchange_for_is_no_prisoner_exchange(rules: Extractor) -> None:
    assert "humanitarian" not in rules.lex.issues("They would give land in exchange for nothing.")
    text = "Kyiv rejected the exchange of prisoners proposed by Moscow."
    found = keys(rules.extract(article(text)))
    assert ("UKR", "reject", "humanitarian") in found


def test_candidates_know_the_word_a_party_hangs_from(rules: Extractor) -> None:
    arts = [article("Russia rejected any ceasefire in the spring.")]
    feats = [c.features for _a, cs in rules.candidates_many(arts) for c in cs]
    assert any("gov=reject" in f and "gov_issue=reject|ceasefire" in f for f in feats)


def test_an_acceptance_asked_of_a_party_is_not_its_acceptance(rules: Extractor) -> None:
    for text in (
        "Washington is trying to persuade Ukraine to accept a ceasefire.",
        "Trump gave Kyiv a deadline to accept the ceasefire.",
        "Analysts doubt whether Russia will accept a ceasefire.",
        "Ukraine must accept a ceasefire, the envoy said.",
    ):
        found = keys(rules.extract(article(text)))
        assert not any(k[1] == "accept" for k in found), text
    found = keys(rules.extract(article("Ukraine accepted the ceasefire on Tuesday.")))
    assert ("UKR", "accept", "ceasefire") in found


def test_an_impossible_date_line_is_ignored_not_fatal(rules: Extractor) -> None:
    text = (" date 2025-13-45\nKyiv rejected the demand to withdraw from Donetsk, the "
            "Ukrainian president said.")
    statements = rules.extract(article(text))
    assert ("UKR", "reject", "territory.donbas") in keys(statements)
    assert all(s.date is None for s in statements)


def test_article_features_pool_every_sentence_of_a_pair(rules: Extractor) -> None:
    from stancemap.extract.article_model import pair_features

    art = article(
        "Russia demanded that Ukraine cede Donbas. Moscow repeated its demand for all of "
        "Donbas on Friday. Ukraine rejected any withdrawal from Donbas."
    )
    [(_art, cands)] = list(rules.candidates_many([art]))
    pooled = pair_features(cands)
    russia = pooled[("RUS", "territory.donbas")]
    assert russia["R=demand"] == 2.0  # two sentences state it
    assert russia["nb=2"] == 1.0 and "nb=1" not in russia
    assert russia["first"] == 1.0 and russia["prank=0"] == 1.0
    assert pooled[("UKR", "territory.donbas")]["R=reject"] == 1.0


def test_article_model_learns_keys_and_round_trips(scenario: Scenario, tmp_path: Path) -> None:
    from stancemap.extract.article_model import ACTIONS, ArticleModel
    from stancemap.extract.train import pair_dataset

    ex = Extractor(scenario, use_model=False)
    texts = [
        ("Russia demanded that Ukraine cede Donbas.", {("RUS", "demand", "territory.donbas")}),
        ("Ukraine rejected any withdrawal from Donbas.", {("UKR", "reject", "territory.donbas")}),
        ("The Kremlin demanded an end to sanctions.", {("RUS", "demand", "sanctions")}),
        ("Kyiv rejected the call to cede Donbas.", {("UKR", "reject", "territory.donbas")}),
    ] * 3
    feats: list[dict[str, float]] = []
    labels: list[list[int]] = []
    for (_a, cands), (_t, gold) in zip(
        ex.candidates_many([article(t) for t, _g in texts]), texts, strict=True
    ):
        f, y = pair_dataset(cands, gold)
        feats += f
        labels += y
    model = ArticleModel.fit(feats, np.array(labels), c=10.0, threshold=0.5)
    path = tmp_path / "article.npz"
    model.save(path)
    loaded = ArticleModel.load(path)
    assert np.allclose(model.proba(feats), loaded.proba(feats), atol=1e-2)

    ex.article_model = loaded
    ex.keep_rules = "none"  # the article model alone decides
    found = keys(ex.extract(article("Moscow demanded that Kyiv cede Donbas.")))
    assert ("RUS", "demand", "territory.donbas") in found
    assert ("RUS", "reject", "territory.donbas") not in found
    # An issue the scenario gives a bar of its own keeps only keys above it.
    strict = scenario.model_copy(deep=True)
    strict.issues["territory.donbas"].threshold = 0.999
    barred = Extractor(strict, use_model=False)
    barred.article_model, barred.keep_rules = loaded, "none"
    assert not {k for k in keys(barred.extract(article("Moscow demanded that Kyiv cede Donbas.")))
                if k[2] == "territory.donbas"}
    # A model that never says yes leaves nothing, however clear the sentence.
    ex.article_model = ArticleModel(np.zeros_like(loaded.w), np.full(len(ACTIONS), -9.0))
    assert not ex.extract(article("Moscow demanded that Kyiv cede Donbas."))
    # A clear rule statement stands beside the model's keys only above the floor.
    ex.keep_rules = "syntax"
    assert not ex.extract(article("Moscow demanded that Kyiv cede Donbas."))
    ex.rule_floor = 0.0
    found = keys(ex.extract(article("Moscow demanded that Kyiv cede Donbas.")))
    assert found == {("RUS", "demand", "territory.donbas")}
    # What a plan says stands whatever the model rates it, unless told otherwise.
    ex.rule_floor = 0.05
    plan = "The US plan would freeze the fighting along the front line."
    assert ("USA", "propose", "ceasefire") in keys(ex.extract(article(plan)))
    # ... but not an action the sentence model put in the place of the rules' own.
    from stancemap.extract.classifier import LABELS, StanceModel

    bias = np.full(len(LABELS), -9.0)
    bias[LABELS.index("demand")] = 9.0
    ex.model = StanceModel(np.zeros((8, len(LABELS))), bias)
    assert not {k for k in keys(ex.extract(article(plan))) if k[2] == "ceasefire"}
    ex.model = None
    ex.keep_plan_points = False
    assert not ex.extract(article(plan))


def test_a_speaker_is_credited_only_for_what_the_speech_reports(rules: Extractor) -> None:
    inside = rules.extract(article("Zelensky said that Trump demanded elections in Ukraine."))
    assert {s.attribution for s in inside if s.actor == "USA"} == {"Volodymyr Zelensky"}
    beside = rules.extract(
        article("Zelensky said he was ready to hold elections, days after Trump demanded a vote.")
    )
    usa = [s for s in beside if s.actor == "USA"]
    assert usa and all(s.attribution is None for s in usa)


def test_one_failing_article_does_not_stop_its_batch(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = Extractor(scenario, use_model=False)
    texts = {
        "a": "Russia demanded that Ukraine cede Donbas.",
        "bad": "Ukraine rejected any withdrawal from Donbas.",
        "c": "The Kremlin demanded an end to sanctions.",
    }
    arts = [Article(id=i, text=t) for i, t in texts.items()]
    real = ex._candidates

    def breaks_on_bad(art, blks, docs):  # type: ignore[no-untyped-def]
        if art.id == "bad":
            raise RuntimeError("parser state lost")
        return real(art, blks, docs)

    monkeypatch.setattr(ex, "_candidates", breaks_on_bad)
    with pytest.raises(RuntimeError):
        list(ex.extract_many(arts))  # without a handler the error is the caller's
    errors: list[tuple[str, str]] = []
    done = ex.extract_many(arts, on_error=lambda a, e: errors.append((a.id, str(e))))
    found = {a.id: keys(st) for a, st in done}
    assert errors == [("bad", "parser state lost")]
    assert set(found) == {"a", "c"}
    assert ("RUS", "demand", "sanctions") in found["c"]


def test_a_batch_the_parser_rejects_is_parsed_article_by_article(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = Extractor(scenario, use_model=False)
    arts = [Article(id="ok", text="Russia demanded that Ukraine cede Donbas."),
            Article(id="poison", text="Ukraine rejected the demand to cede Donbas.")]
    nlp = ex.nlp

    class Picky:
        def pipe(self, texts, batch_size=64):  # type: ignore[no-untyped-def]
            raise ValueError("batch failed")

        def __call__(self, text):  # type: ignore[no-untyped-def]
            if "rejected" in text:
                raise ValueError("cannot parse")
            return nlp(text)

    monkeypatch.setattr(ex, "nlp", Picky())
    errors: list[str] = []
    done = ex.extract_many(arts, on_error=lambda a, e: errors.append(a.id))
    found = {a.id: keys(st) for a, st in done}
    assert errors == ["poison"]
    assert ("RUS", "demand", "territory.donbas") in found["ok"]


def test_extraction_run_reports_a_failing_article_and_keeps_it_pending(
    store: Store, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stancemap.pipeline import run_extraction

    store.add_article(Article(id="one", text="Russia demanded that Ukraine cede Donbas."))
    store.add_article(Article(id="two", text="Ukraine rejected any withdrawal from Donbas."))
    ex = Extractor(scenario, use_model=False)
    real = ex._decide

    def breaks_on_two(art, cands):  # type: ignore[no-untyped-def]
        if art.id == "two":
            raise RuntimeError("boom")
        return real(art, cands)

    monkeypatch.setattr(ex, "_decide", breaks_on_two)
    summary = run_extraction(store, scenario, extractor=ex)
    assert summary.articles == 1 and summary.failed == [("two", "RuntimeError: boom")]
    assert [a.id for a in store.articles(pending_only=True)] == ["two"]
    assert {s.doc for s in store.statements()} == {"one"}


def test_an_unlisted_news_source_that_reports_is_credited(rules: Extractor) -> None:
    def sources(text: str) -> set[str | None]:
        return {s.attribution for s in rules.extract(article(text))}

    assert sources("Russian media reported that Moscow demanded all of Donbas.") == {
        "Russian media"
    }
    assert sources("Meanwhile, Dnipro Daily writes that the Kremlin rejected the ceasefire.") == {
        "Dnipro Daily"
    }
    # A party that writes is speaking for itself, not re-telling a report.
    assert sources("Zelensky wrote that Ukraine rejects any ceasefire.") == {None}


def test_according_to_a_titled_person_credits_the_person(rules: Extractor) -> None:
    found = rules.extract(article(
        "Washington would reject a ceasefire before a settlement, according to Kremlin "
        "aide Dmitry Peskov."
    ))
    usa = [s for s in found if s.actor == "USA"]
    assert usa and {s.attribution for s in usa} == {"Dmitry Peskov"}


def test_a_group_that_reports_another_party_is_credited(rules: Extractor) -> None:
    text = "Kremlin officials said that Washington agreed to lift sanctions."
    found = rules.extract(article(text))
    assert {s.attribution for s in found if s.actor == "USA"} == {"Kremlin officials"}


def test_the_name_after_a_title_is_the_speaker(rules: Extractor) -> None:
    text = "US Treasury Secretary Jane Holloway urged an immediate ceasefire."
    found = rules.extract(article(text))
    assert [(s.actor, s.speaker) for s in found] == [("USA", "Jane Holloway")]
    found = rules.extract(article("Turkish Foreign Minister Omer Kaya proposed talks in Istanbul."))
    assert {(s.actor, s.speaker) for s in found} == {("OTHER", "Omer Kaya")}


def test_a_party_that_reports_another_party_is_credited(rules: Extractor) -> None:
    found = rules.extract(article("The Kremlin said that Washington agreed to lift sanctions."))
    assert {s.attribution for s in found if s.actor == "USA"} == {"The Kremlin"}


def test_every_party_of_a_coordinated_subject_is_credited_to_the_reporter(
    rules: Extractor,
) -> None:
    text = "The Kremlin said on Friday that Washington and Kyiv both agreed to a prisoner swap."
    found = [s for s in rules.extract(article(text)) if s.actor in ("USA", "UKR")]
    assert {s.actor for s in found} == {"USA", "UKR"}
    assert {s.attribution for s in found} == {"The Kremlin"}


@pytest.mark.parametrize("said", [
    pytest.param("He said that Trump had agreed to provide security guarantees.",
                 id="a-pronoun-speaker-is-the-person-named-earlier-in-the-paragraph"),
    pytest.param("He said that while Washington refuses NATO membership for Ukraine, talks go on.",
                 id="a-concessive-clause-is-part-of-what-is-said"),
])
def test_the_person_who_reports_a_stance_is_its_source(rules: Extractor, said: str) -> None:
    text = f"Zelensky met reporters in Kyiv after the call. {said}"
    usa = [s for s in rules.extract(article(text)) if s.actor == "USA"]
    assert usa and {s.attribution for s in usa} == {"Volodymyr Zelensky"}


def test_a_name_inside_a_quote_is_no_antecedent_of_its_speaker(rules: Extractor) -> None:
    text = (
        "Zelensky spoke to reporters in Kyiv on Tuesday.\n\n"
        '"We want a ceasefire now. Putin does not want it," he said.'
    )
    found = rules.extract(article(text))
    assert ("UKR", "demand", "ceasefire") in keys(found)
    assert not [s for s in found if s.actor == "RUS" and s.action != "reject"]


def test_what_a_named_version_of_a_plan_says_is_its_authors_proposal(rules: Extractor) -> None:
    found = rules.extract(article(
        "The US version of the deal was handed to Kyiv on Monday. "
        "The version would cap Ukraine's army at 600,000 troops."
    ))
    assert ("USA", "propose", "military.limits") in keys(found)


def test_candidates_know_which_issue_term_their_sentence_uses(rules: Extractor) -> None:
    [(_art, cands)] = list(rules.candidates_many([article(
        "Paris offered to send peacekeepers once the guns fall silent."
    )]))
    troops = [c for c in cands if c.issue == "security.troops"]
    assert troops and all("term=peacekeepers" in c.features for c in troops)


@pytest.mark.parametrize("text, issue", [
    ("Moscow wants Kyiv to stay a non-NATO country.", "nato.membership"),
    ("The Kremlin insists Ukraine must never join the alliance.", "nato.membership"),
    ("Kyiv demands that the security of Ukraine be written into any deal.",
     "security.guarantees"),
])
def test_scenario_terms_name_the_issue(rules: Extractor, text: str, issue: str) -> None:
    assert issue in {s.issue for s in rules.extract(article(text))}


def test_a_known_document_speaks_for_its_author(rules: Extractor) -> None:
    found = rules.extract(article(
        "The 28-point plan calls for Ukraine to give up its NATO ambitions. "
        "Under the plan, Ukraine would be required to cede the rest of Donbas."
    ))
    assert ("USA", "propose", "nato.membership") in keys(found)
    # The one required to cede is the target; the plan's author is the one asking.
    assert "USA" in {s.actor for s in found if s.issue == "territory.donbas"}
    assert ("UKR", "demand", "territory.donbas") not in keys(found)


def test_documents_come_from_the_scenario(scenario: Scenario) -> None:
    other = scenario.model_copy(deep=True)
    other.documents = [Document(name="Blue Paper", author="RUS", aliases=["blue memo"])]
    text = "The Blue Paper calls for a ceasefire along the current front line."
    with_doc = Extractor(other, use_model=False).extract(article(text))
    assert ("RUS", "propose", "ceasefire") in keys(with_doc)
    other.documents = []
    assert "RUS" not in {s.actor for s in Extractor(other, use_model=False).extract(article(text))}


def test_a_plan_drafted_by_a_party_is_its_proposal(rules: Extractor) -> None:
    found = rules.extract(article(
        "A new plan was drafted by Russian officials last week. "
        "The plan would freeze the front line and halt all strikes."
    ))
    assert ("RUS", "propose", "ceasefire") in keys(found)


@pytest.mark.parametrize("text, credited", [
    ("According to Mr. Sybiha, Russia still demands all of Donbas.", "Mr. Sybiha"),
    ("According to U.S. officials, Russia demanded the whole of Donetsk.", "U.S. officials"),
])
def test_according_to_reads_past_abbreviations(rules: Extractor, text: str, credited: str) -> None:
    found = rules.extract(article(text))
    assert {s.attribution for s in found if s.actor == "RUS"} == {credited}


@pytest.mark.parametrize("text, kept, dropped", [
    ("Russia rejected the Black Sea ceasefire after a meeting with the US delegation.",
     ("RUS", "reject", "ceasefire"), ("RUS", "reject", "talks.format")),
    # ... and in what a plan is said to hold.
    ("The 28-point plan was drafted in October during a meeting in Miami.",
     ("USA", "propose", "plan.overall"), ("USA", "propose", "talks.format")),
])
def test_a_time_adjunct_names_no_issue(
    rules: Extractor, text: str, kept: tuple[str, str, str], dropped: tuple[str, str, str]
) -> None:
    found = keys(rules.extract(article(text)))
    assert kept in found
    assert dropped not in found


def test_a_doubted_acceptance_is_no_stance(rules: Extractor) -> None:
    found = keys(rules.extract(article(
        "Diplomats doubt that Putin will accept the security guarantees."
    )))
    assert ("RUS", "accept", "security.guarantees") not in found


@pytest.mark.parametrize("text", [
    "Peskov said Zelensky is illegitimate.",
    "The Kremlin considers Zelensky illegitimate.",
])
def test_the_one_judged_is_not_the_judge(rules: Extractor, text: str) -> None:
    found = keys(rules.extract(article(text)))
    assert ("RUS", "reject", "legitimacy") in found
    assert ("UKR", "reject", "legitimacy") not in found


def test_great_powers_are_not_a_presidents_powers(rules: Extractor) -> None:
    assert "legitimacy" not in rules.lex.issues("Western powers urged Moscow to accept the truce.")
    assert "legitimacy" in rules.lex.issues("Putin said Zelensky's powers have expired.")
    found = rules.extract(
        article("Putin said Zelensky's powers have expired and he is illegitimate.")
    )
    assert ("RUS", "reject", "legitimacy") in keys(found)


def test_a_proposal_someone_rejects_is_not_the_speakers(rules: Extractor) -> None:
    found = keys(rules.extract(article("Russia called the European proposal unacceptable.")))
    assert ("RUS", "reject", "plan.overall") in found
    assert ("RUS", "propose", "plan.overall") not in found
    found = keys(rules.extract(article("Zelensky said Kyiv rejected the proposal.")))
    assert ("UKR", "propose", "plan.overall") not in found


def test_a_passive_with_no_agent_is_not_the_speakers(rules: Extractor) -> None:
    found = keys(rules.extract(article(
        "Zelensky said the country may be pushed to accept a deal on Donbas."
    )))
    assert ("UKR", "propose", "territory.donbas") not in found
    found = keys(rules.extract(article(
        "Peskov said any ceasefire must be accompanied by a halt to arms deliveries."
    )))
    assert ("RUS", "demand", "weapons.supply") in found


def test_recognition_is_about_land_only_beside_a_word_for_it(rules: Extractor) -> None:
    found = keys(rules.extract(article(
        "Zelensky said Ukraine would never recognise the occupied territories as Russian."
    )))
    assert ("UKR", "reject", "territory.recognition") in found
    found = rules.extract(article(
        "The Ukrainian foreign minister said Kyiv will not recognise any deal made without it."
    ))
    assert "territory.recognition" not in {s.issue for s in found}


def test_the_points_listed_after_a_plan_are_its_authors(rules: Extractor) -> None:
    text = (
        "Washington handed its plan to the Ukrainian delegation on Monday.\n"
        "The main terms of the American plan:\n"
        "- recognition of Crimea and the four regions as part of Russia;\n"
        "- lifting of all sanctions against Russia.\n"
    )
    found = keys(rules.extract(article(text)))
    assert {("USA", "propose", "territory.recognition"), ("USA", "propose", "sanctions")} <= found
    # A list far from any plan is no one's proposal.
    text = (
        "Moscow handed its memorandum to the Ukrainian delegation on Monday.\n"
        "Talks went on for two hours in a palace on the Bosphorus.\n"
        "Delegates later toured the old city of Istanbul together.\n"
        "Reporters waited outside the building for several hours.\n"
        "- lifting of all sanctions against Russia.\n"
    )
    assert ("RUS", "propose", "sanctions") not in keys(rules.extract(article(text)))


def test_a_list_item_with_its_own_subject_is_not_the_plans(rules: Extractor) -> None:
    text = (
        "The US plan was presented to Kyiv on Thursday.\n"
        "- Russia launched new strikes on energy infrastructure overnight.\n"
    )
    found = rules.extract(article(text))
    assert not [s for s in found if s.actor == "USA" and "strikes" in s.sentence]


def test_a_plan_whose_relative_clause_names_who_handed_it_over_is_theirs(
    rules: Extractor,
) -> None:
    found = keys(rules.extract(article(
        "The plan that Washington handed to Kyiv on Friday envisages lifting sanctions on Russia."
    )))
    assert ("USA", "propose", "sanctions") in found
    # A plan someone only rejected is not theirs.
    found = keys(rules.extract(article(
        "The plan that Kyiv rejected on Friday envisages lifting sanctions on Russia."
    )))
    assert ("UKR", "propose", "sanctions") not in found


def test_paragraphs_closed_by_semicolons_are_a_list() -> None:
    text = (
        "Under the American plan, it is expected that:\n"
        "all sanctions on Russia would be lifted in stages;\n"
        "the size of the Ukrainian army would be capped at 600,000."
    )
    assert [b.is_list_item for b in blocks(text)] == [False, True, False]


def test_the_points_of_a_list_of_conditions_are_demands(scenario: Scenario) -> None:
    other = scenario.model_copy(deep=True)
    other.documents = [Document(name="Russian memorandum", author="RUS", stance="demand")]
    text = (
        "The memorandum that Russia handed over in Istanbul sets out its terms for a settlement.\n"
        "Its main points:\n"
        "lifting of all sanctions against Russia;\n"
        "a cap on the size of the Ukrainian army;\n"
    )
    found = keys(Extractor(other, use_model=False).extract(article(text)))
    assert {("RUS", "demand", "sanctions"), ("RUS", "demand", "military.limits")} <= found
    assert ("RUS", "propose", "sanctions") not in found
    # Another author's memorandum is a plan like any other.
    found = keys(Extractor(other, use_model=False).extract(article(
        text.replace("Russia handed over", "Ukraine handed over").replace("against Russia", "")
    )))
    assert ("UKR", "propose", "military.limits") in found
    assert ("UKR", "demand", "military.limits") not in found
    # Without the scenario's word on it, a memorandum's points are proposals.
    other.documents = []
    found = keys(Extractor(other, use_model=False).extract(article(text)))
    assert ("RUS", "propose", "sanctions") in found


# One sentence, one reading: the key it states (or must not state), named by the mechanism.
@pytest.mark.parametrize("text, key", [
    pytest.param("Kyiv sought a pledge from Washington to deliver more Patriot batteries.",
                 ("UKR", "demand", "weapons.supply"), id="seeking-from-a-party-is-a-demand"),
    pytest.param("Moscow rejected a ceasefire proposal from Kyiv.",
                 ("UKR", "propose", "ceasefire"), id="a-proposal-from-a-party-is-its-own"),
    pytest.param("Putin warned Washington against sending long-range missiles to Kyiv.",
                 ("RUS", "reject", "weapons.supply"), id="warning-against-refuses"),
    pytest.param("Hungary voted against new sanctions on Russia.",
                 ("OTHER", "reject", "sanctions"), id="voting-against-refuses"),
    pytest.param("Washington is considering a request by Ukraine to acquire long-range missiles.",
                 ("UKR", "demand", "weapons.supply"), id="a-request-by-a-party-is-its-demand"),
    pytest.param("The Kremlin warned that sending long-range missiles to Kyiv would wreck ties "
                 "with Washington.", ("RUS", "reject", "weapons.supply"),
                 id="a-warning-of-harm-refuses"),
    pytest.param("Moscow issued a warning that new sanctions could lead to a dangerous escalation.",
                 ("RUS", "reject", "sanctions"), id="a-warning-that-it-leads-to-harm-refuses"),
    pytest.param("Putin insisted that Ukrainian troops should leave the Donbas region.",
                 ("RUS", "demand", "territory.donbas"), id="insisting-on-what-should-happen"),
    pytest.param("Trump gave Moscow a two-week deadline to agree to a ceasefire.",
                 ("USA", "demand", "ceasefire"), id="a-deadline-someone-sets"),
    pytest.param("The Kremlin called the EU scheme to lend the frozen assets illegal.",
                 ("RUS", "reject", "sanctions"), id="a-condemnation-pronounced"),
    pytest.param("Peskov described the idea of European peacekeepers as a provocation.",
                 ("RUS", "reject", "security.troops"), id="a-condemnation-as-predicate"),
    pytest.param("Trump said he would shorten the deadline he had given Putin for a truce.",
                 ("USA", "demand", "ceasefire"), id="a-deadline-a-relative-clause-says-who-set"),
    pytest.param("Brussels restated the conditions that Moscow had set out for a truce.",
                 ("RUS", "demand", "ceasefire"), id="conditions-a-relative-clause-says-who-set"),
])
def test_a_sentence_states_the_key(
    rules: Extractor, text: str, key: tuple[str, str, str]
) -> None:
    assert key in keys(rules.extract(article(text))), text


@pytest.mark.parametrize("text, key", [
    pytest.param("Kyiv sought a pledge from Washington to deliver more Patriot batteries.",
                 ("USA", "offer", "weapons.supply"), id="what-is-sought-from-a-party"),
    pytest.param("The Kremlin warned that Russia would respond to new sanctions.",
                 ("RUS", "reject", "sanctions"), id="a-warning-of-consequences"),
    pytest.param("The Kremlin warned that new sanctions would not damage the Russian economy.",
                 ("RUS", "reject", "sanctions"), id="a-warning-of-no-harm"),
    pytest.param("Trump said the deadline for a ceasefire had passed.",
                 ("USA", "demand", "ceasefire"), id="a-deadline-only-spoken-of"),
    pytest.param("Kyiv marked the anniversary of Russia's illegal annexation of Crimea.",
                 ("RUS", "reject", "territory.recognition"), id="a-condemning-word-in-passing"),
    pytest.param("Washington gave a deadline of Friday for Kyiv to endorse the peace plan.",
                 ("UKR", "accept", "plan.overall"), id="an-acceptance-asked-for-by-a-deadline"),
    pytest.param("Brussels restated the conditions that Moscow had rejected for a truce.",
                 ("RUS", "demand", "ceasefire"), id="conditions-the-relative-clause-refuses"),
    pytest.param("Moscow's new plan, presented to the delegations at the talks in Geneva, "
                 "was published on Sunday.",
                 ("RUS", "propose", "talks.format"), id="where-and-to-whom-a-plan-was-presented"),
    pytest.param("Putin met the envoy in Moscow to discuss the American peace proposal.",
                 ("RUS", "propose", "plan.overall"), id="a-proposal-a-demonym-says-whose"),
])
def test_a_sentence_does_not_state_the_key(
    rules: Extractor, text: str, key: tuple[str, str, str]
) -> None:
    assert key not in keys(rules.extract(article(text))), text

