from __future__ import annotations

from datetime import date
from typing import Any

from stancemap.link import corroborate, find_contradictions
from stancemap.link.corroboration import is_anonymous
from stancemap.models import Statement

GROUPS = {"a1": "gA", "a2": "gA", "a3": "gA", "b1": "gB", "c1": "gC"}
ORIGINS = {"gA": "The Washington Post", "gB": "Reuters", "gC": "TASS"}


def st(doc: str, action: str = "demand", issue: str = "territory.donbas", **kw: Any) -> Statement:
    return Statement(doc=doc, actor="RUS", action=action, issue=issue, sentence=f"{doc} says", **kw)


def test_counts_articles_and_independent_groups() -> None:
    sts = [
        st("a1", attribution="two senior officials", hedged=True),
        st("a1", attribution="two senior officials", hedged=True),  # same article twice
        st("a2", attribution="The Washington Post", hedged=True),
        st("a3", attribution="officials familiar with the call"),
        st("b1", attribution="Reuters", hedged=False),
    ]
    got = corroborate(sts, GROUPS, ORIGINS)[("RUS", "demand", "territory.donbas")]
    assert got.articles == 4
    assert got.groups == 2
    assert got.origins == ["The Washington Post", "Reuters"]
    assert not got.all_weak and not got.single_anonymous_report


def test_single_anonymous_sourced_report_is_flagged() -> None:
    sts = [
        st("a1", attribution="two senior officials", hedged=True),
        st("a2", attribution="people familiar with the talks"),
        st("a3", hedged=True),
    ]
    got = corroborate(sts, GROUPS, ORIGINS)[("RUS", "demand", "territory.donbas")]
    assert (got.articles, got.groups) == (3, 1)
    assert got.all_weak and got.single_anonymous_report


def test_unlinked_article_is_its_own_group() -> None:
    got = corroborate([st("a1"), st("zz")], GROUPS, ORIGINS)
    assert got[("RUS", "demand", "territory.donbas")].groups == 2


def test_anonymous_attribution() -> None:
    assert is_anonymous("two senior officials familiar with the call")
    assert is_anonymous("sources")
    assert not is_anonymous("The Washington Post")
    assert not is_anonymous(None)


def test_contradiction_across_groups_with_both_sentences() -> None:
    sts = [st("a1", "demand"), st("b1", "offer"), st("a2", "offer")]
    got = find_contradictions(sts, GROUPS, ORIGINS)
    # a1 (demand, gA) vs b1 (offer, gB) is one; a1 vs a2 is within one report.
    assert len(got) == 1
    c = got[0]
    assert {c.first.doc, c.second.doc} == {"a1", "b1"}
    assert {c.first_origin, c.second_origin} == {"The Washington Post", "Reuters"}
    assert c.first.sentence and c.second.sentence


def test_accept_reject_contradiction_and_compatible_actions() -> None:
    sts = [
        st("a1", "accept", "ceasefire"),
        st("c1", "reject", "ceasefire"),
        st("b1", "propose", "ceasefire"),
    ]
    got = find_contradictions(sts, GROUPS, ORIGINS)
    assert [(c.first.action, c.second.action) for c in got] == [("accept", "reject")]


def test_different_periods_do_not_contradict() -> None:
    sts = [st("a1", "accept", date=date(2025, 3, 1)), st("b1", "reject", date=date(2025, 8, 1))]
    assert find_contradictions(sts, GROUPS, ORIGINS) == []
    near = [st("a1", "accept", date=date(2025, 3, 1)), st("b1", "reject", date=date(2025, 3, 5))]
    got = find_contradictions(near, GROUPS, ORIGINS)
    assert len(got) == 1 and got[0].dated


def test_article_dates_stand_in_for_statement_dates() -> None:
    sts = [st("a1", "accept"), st("b1", "reject")]
    dates = {"a1": date(2025, 1, 1), "b1": date(2025, 6, 1)}
    assert find_contradictions(sts, GROUPS, ORIGINS, doc_dates=dates) == []
    assert find_contradictions(sts, GROUPS, ORIGINS, undated_match=False) == []
