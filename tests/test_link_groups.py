from __future__ import annotations

import itertools

from stancemap.link import COPY, ORIGIN, RETELLING, OutletCatalog, ProvenanceIndex
from stancemap.link.features import ArticleFeatures
from stancemap.models import Article
from tests.link_texts import scoops, seed_articles, syndicated_copy, wire_story

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


def test_article_linking_two_groups_strongly_merges_them() -> None:
    p1 = (
        "Ruritanian envoy Marta Velsk said in Geneva on Thursday: \u201cWe will not hand the "
        "Kessel valley to anyone while our farmers still live there.\u201d Velsk spoke after "
        "meeting Syldavian mediators at the Palais Wilson. "
    )
    p2 = (
        "Bordurian negotiator Anton Greif said in Lausanne on Friday: \u201cOur artillery will "
        "move back forty kilometres the day a joint commission is named.\u201d Greif spoke after "
        "a session with Syldavian monitors at the Hotel Beau-Rivage. "
    )
    index = build([Article(id="m1", text=p1), Article(id="m2", text=p2)])
    assert index.group_of("m1") != index.group_of("m2")
    got = index.add(Article(id="m3", text=p1 + p2))
    assert got.group_id == "m1" and got.merged == ["m2"] and got.kind == RETELLING
    group = index.group("m1")
    assert group.members == ["m1", "m2", "m3"]
    assert group.kinds == {"m1": ORIGIN, "m2": RETELLING, "m3": RETELLING}
    # What a store holds after applying `merged` restores the same index.
    restored = ProvenanceIndex.from_records(index.records(), OutletCatalog.default())
    assert restored.group_map() == index.group_map()
