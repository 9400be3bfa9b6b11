from __future__ import annotations

import itertools

from link_texts import scoops, seed_articles, syndicated_copy, wire_story

from stancemap.link import COPY, ORIGIN, RETELLING, OutletCatalog, ProvenanceIndex
from stancemap.link.features import ArticleFeatures
from stancemap.models import Article

SEED_000, SEED_001, SEED_002 = (
    "000_2022ffe775de338b",
    "001_842b956c79fa2039",
    "002_a9989947a09fe354",
)


def partition(index: ProvenanceIndex) -> set[frozenset[str]]:
    return {frozenset(g.members) for g in index.groups()}


def build(articles: list[Article]) -> ProvenanceIndex:
    index = ProvenanceIndex(OutletCatalog.default())
    for art in articles:
        index.add(art)
    return index


def test_seeds_group_by_original_report() -> None:
    index = build(seed_articles())
    assert partition(index) == {frozenset({SEED_000}), frozenset({SEED_001, SEED_002})}
    wapo = index.group(index.group_of(SEED_001))
    assert wapo.origin == "The Washington Post" and wapo.origin_credited
    assert wapo.kinds == {SEED_001: ORIGIN, SEED_002: RETELLING}
    assert index.group(index.group_of(SEED_000)).origin == "Reuters"


def test_seed_grouping_does_not_depend_on_order() -> None:
    for order in itertools.permutations(seed_articles()):
        assert partition(build(list(order))) == {
            frozenset({SEED_000}),
            frozenset({SEED_001, SEED_002}),
        }


def test_syndicated_copy_with_new_headline_and_boilerplate_is_a_copy() -> None:
    index = build([wire_story(), syndicated_copy()])
    got = index.assignment("copy")
    assert got.kind == COPY and got.copy_of == "wire"
    group = index.group(index.group_of("wire"))
    assert group.members == ["wire", "copy"]
    # The dateline credits Reuters, so the group's origin is the wire agency.
    assert group.origin == "Reuters"


def test_articles_crediting_different_outlets_stay_apart() -> None:
    index = build(scoops())
    assert index.group_of("scoop-a") == index.group_of("scoop-a2")
    assert index.group_of("scoop-b") != index.group_of("scoop-a")
    assert index.group(index.group_of("scoop-b")).origin == "Bloomberg"


def test_uncredited_origin_is_earliest_outlet() -> None:
    from datetime import date

    a = Article(
        id="x1",
        text=scoops()[0].text.replace("according to The Washington Post, ", ""),
        outlet="later.example",
        published=date(2025, 3, 2),
    )
    b = Article(
        id="x0",
        text="Unrelated text about a cycling race in Bruges.",
        outlet="solo.example",
        published=date(2025, 3, 1),
    )
    index = build([a, b])
    assert index.group(index.group_of("x1")).origin == "later.example"
    assert index.group(index.group_of("x1")).first_seen == date(2025, 3, 2)


def test_incremental_adds_equal_a_fresh_run() -> None:
    articles = seed_articles() + [wire_story(), syndicated_copy()] + scoops()
    fresh = build(articles)
    # Stop halfway, persist, restore, and go on adding.
    first = build(articles[:4])
    rows = first.records()
    restored = ProvenanceIndex.from_records(rows, OutletCatalog.default())
    for art in articles[4:]:
        restored.add(art)
    assert restored.group_map() == fresh.group_map()
    assert [g.origin for g in restored.groups()] == [g.origin for g in fresh.groups()]


def test_adding_twice_is_idempotent() -> None:
    index = build(seed_articles())
    again = index.add(seed_articles()[2])
    assert again.group_id == index.group_of(SEED_001)
    assert len(index) == 3


def test_records_are_plain_data_and_round_trip() -> None:
    index = build([wire_story()])
    row = index.record("wire")
    assert isinstance(row["signature"], bytes)
    feats = ArticleFeatures.from_record(row)
    assert feats.jaccard(index.features("wire")) == 1.0
    assert feats.credits == ["Reuters"]
    assert row["group"] == "wire" and row["kind"] == ORIGIN


def test_outlet_named_deep_in_the_text_does_not_split_an_event() -> None:
    # Coverage of one public briefing: one story credits Reuters up front, the other only
    # mentions CNN far down. The deep mention is a detail, not a rival source.
    briefing = (
        "Ruritanian envoy Marta Velsk said on Thursday in Lausanne that her government "
        "would accept a 90-day shelling pause along the Kessel river if Syldavian monitors "
        "are deployed, speaking at a briefing after talks with Bordurian negotiator Anton "
        "Greif. "
    )
    filler_a = " ".join(
        f"Shelling has displaced {n} families along the valley in the {w} district."
        for n, w in zip(
            range(100, 700, 100), ["north", "south", "east", "west", "upper", "lower"], strict=True
        )
    )
    filler_b = " ".join(
        f"Aid groups counted {n} damaged homes near the dam in the {w} villages."
        for n, w in zip(
            range(150, 750, 100),
            ["first", "second", "third", "fourth", "fifth", "sixth"],
            strict=True,
        )
    )
    a = Article(id="ev-a", text="According to Reuters, " + briefing + filler_a + filler_a)
    b = Article(id="ev-b", text=briefing + filler_b + filler_b + " CNN reported.")
    index = build([a, b])
    fa, fb = index.features("ev-a"), index.features("ev-b")
    assert fa.lead_credits == ["Reuters"] and fb.credits == ["CNN"] and fb.lead_credits == []
    link = index.explain("ev-a", "ev-b")
    assert link is not None and link.kind == RETELLING
    assert index.group_of("ev-a") == index.group_of("ev-b")
