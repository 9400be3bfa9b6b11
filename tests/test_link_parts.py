from __future__ import annotations

from stancemap.link import OutletCatalog, bcubed, pairwise
from stancemap.link.entities import capitalised_entities
from stancemap.link.quotes import quote_shingles
from stancemap.link.text import body, leading_date

CATALOG = OutletCatalog.default(["Meduza"])


def test_credits_in_order_with_aliases() -> None:
    text = (
        "The envoy told Axios on Monday that talks were over. Later, according to a report "
        "by The Wall Street Journal, the plan changed; the Journal said more. "
        "Bloomberg News reported the same."
    )
    assert CATALOG.credits(text) == ["Axios", "The Wall Street Journal", "Bloomberg"]


def test_ambiguous_alias_needs_the_full_name() -> None:
    assert CATALOG.credits("the plan changed, the Post reported.") == []
    text = "The Washington Post broke it. Officials told the Post the plan changed."
    assert CATALOG.credits(text) == ["The Washington Post"]


def test_dateline_ranks_after_credits_in_words() -> None:
    text = "ERBIL (Kurdistan24) - Officials said, according to Reuters, that talks failed."
    assert CATALOG.credits(text) == ["Reuters", "Kurdistan24"]


def test_outlet_of_domain_and_scenario_source() -> None:
    assert CATALOG.outlet_of("www.reuters.com") == "Reuters"
    assert CATALOG.outlet_of(None, "https://newsukraine.rbc.ua/news/x") == "RBC-Ukraine"
    assert CATALOG.outlet_of("unknown.example") is None
    assert CATALOG.credits("Meduza reported that the talks failed.") == ["Meduza"]


def test_quote_shingles_survive_a_shortened_quote() -> None:
    long = quote_shingles("He said “we will not sell them their own leg at any price.”")
    short = quote_shingles("He called it “selling them their own leg.”")
    assert long & short == {"them their own leg"}
    assert quote_shingles("“them their own leg at any price”") <= long
    assert quote_shingles("a “short quote” only") == set()


def test_entities_skip_sentence_openers_and_years() -> None:
    text = "However, Marta Velsk met Anton Greif in Geneva in 2025 with 40,000 troops."
    ents = capitalised_entities(text)
    assert {"marta", "velsk", "anton", "greif", "geneva", "#40000"} <= ents
    assert "however" not in ents and "#2025" not in ents


def test_leading_date_line() -> None:
    text = " date 2025-11-24 Body starts here"
    assert leading_date(text) is not None and leading_date(text).isoformat() == "2025-11-24"  # type: ignore[union-attr]
    assert body(text).strip() == "Body starts here"
    assert leading_date("no date here") is None


def test_metrics() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert bcubed(gold, gold).f1 == 1.0 and pairwise(gold, gold).f1 == 1.0
    pred = {"a": "x", "b": "x", "c": "x", "d": "y"}
    pw = pairwise(pred, gold)
    assert (round(pw.precision, 3), pw.recall) == (0.333, 0.5)
    b3 = bcubed(pred, gold)
    assert round(b3.precision, 3) == round((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, 3)
    assert b3.recall == (1 + 1 + 0.5 + 0.5) / 4


def test_credit_cues_in_any_case_and_common_languages() -> None:
    assert CATALOG.credits("According to Reuters, talks failed.") == ["Reuters"]
    assert CATALOG.credits("Selon Reuters, les pourparlers ont échoué.") == ["Reuters"]
    assert CATALOG.credits("Laut Bloomberg gab es Streit.") == ["Bloomberg"]
    # A name in lower case is an ordinary word, not the outlet.
    assert CATALOG.credits("according to fox hunters") == []
