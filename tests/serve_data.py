"""Seed data for the dashboard tests: the example articles and hand-written statements
whose sentences are verbatim spans of those articles (the extractor is not needed)."""

from __future__ import annotations

from datetime import date

from stancemap.ingest import ingest
from stancemap.models import Statement
from stancemap.store import Store
from tests.conftest import EXAMPLES

# (article prefix, verbatim sentence, actor, action, issue, date, hedged, attribution)
SEED = [
    ("000", "Ukrainian President Volodymyr Zelensky has consistently rejected any prospect "
            "of ceding territory.", "UKR", "reject", "territory.donbas", date(2025, 10, 21),
     False, None),
    ("000", "Putin continued to insist that any peace accord must include", "RUS", "demand",
     "nato.membership", date(2025, 10, 21), False, None),
    ("000", "Russia signaled willingness to freeze current frontlines in Zaporizhzhia and "
            "Kherson", "RUS", "offer", "territory.south", date(2025, 10, 21), True, "Reuters"),
    ("000", "This marks a partial retreat from his June of last year demand that included not "
            "only Donbas but also the southern Zaporizhzhia and Kherson regions.", "RUS",
     "demand", "territory.south", date(2024, 6, 14), False, None),
    ("001", "Putin reportedly suggested he would relinquish partial claims to two other "
            "occupied Ukrainian regions", "RUS", "offer", "territory.south",
     date(2025, 10, 16), True, "The Washington Post"),
    ("001", "It is time to stop the killing, and make a DEAL!", "USA", "propose", "ceasefire",
     date(2025, 10, 17), False, None),
    ("001", "Ukraine\u2019s delegation arrived in Washington hoping to secure long-range "
            "Tomahawk missiles", "UKR", "demand", "weapons.supply", date(2025, 10, 17), False,
     "The Washington Post"),
    ("001", "Western diplomats said it remains unacceptable to Kyiv", "EUR", "reject",
     "territory.donbas", date(2025, 10, 16), True, None),
    ("002", "a call for an immediate cessation of hostilities based on the current lines of "
            "control", "USA", "propose", "ceasefire", date(2025, 10, 17), False, None),
    ("002", "Putin\u2019s insistence on annexing the strategically vital eastern Ukrainian "
            "territory", "RUS", "demand", "territory.donbas", date(2025, 10, 16), False,
     "The Washington Post"),
]


def seed(store: Store) -> dict[str, str]:
    """Ingest the examples and store the seed statements; returns prefix -> article id."""
    events = list(ingest([str(EXAMPLES)], store))
    assert all(e.status == "added" for e in events), events
    ids = {a.id[:3]: a.id for a in store.articles()}
    by_doc: dict[str, list[Statement]] = {}
    for prefix, sentence, actor, action, issue, day, hedged, attribution in SEED:
        article = store.get_article(ids[prefix])
        assert article is not None
        start = article.text.find(sentence)
        assert start >= 0, sentence
        by_doc.setdefault(article.id, []).append(Statement(
            doc=article.id, actor=actor, action=action, issue=issue, sentence=sentence,
            date=day, hedged=hedged, attribution=attribution, start=start,
            end=start + len(sentence), confidence=0.8))
    for doc, statements in by_doc.items():
        store.replace_statements(doc, statements, "test")
    return ids
