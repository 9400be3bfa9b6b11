"""The dashboard's pages and JSON API through FastAPI's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from stancemap.scenario import load_scenario
from stancemap.serve import create_app
from stancemap.serve.views import highlight_segments
from stancemap.store import Store
from stancemap.store.reviews import add_review
from tests.serve_data import seed

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def seeded(store: Store) -> Store:
    seed(store)
    return store


@pytest.fixture
def client(seeded: Store) -> Iterator[TestClient]:
    with TestClient(create_app(seeded, load_scenario()), base_url=BASE) as c:
        yield c


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF field in the form"
    return match.group(1)


def cells(client: TestClient, **params: str) -> dict[tuple[str, str], dict]:
    data = client.get("/api/map", params=params).json()
    return {(c["party"], c["issue"]): c for row in data["rows"] for c in row["cells"] if c}


def test_map_page_shows_cells_coloured_by_action(client: TestClient) -> None:
    html = client.get("/").text
    assert 'class="cell act act-offer"' in html and 'data-party="RUS"' in html
    assert "territory.south" in html and "~" in html  # the hedged mark
    assert "2 art." in html  # two articles carry Russia's offer on the south


def test_map_api_latest_and_as_of(client: TestClient) -> None:
    latest = cells(client)
    south = latest[("RUS", "territory.south")]
    assert south["action"] == "offer" and south["date"] == "2025-10-21"
    assert south["articles"] == 2 and south["hedged"] is True
    assert south["sources"] is None  # no provenance groups yet: article counts only
    assert "freeze current frontlines" in south["evidence"]["sentence"]
    before = cells(client, as_of="2025-01-01")
    assert before[("RUS", "territory.south")]["action"] == "demand"
    assert ("USA", "ceasefire") not in before


def test_map_page_as_of_control(client: TestClient) -> None:
    html = client.get("/", params={"as_of": "2025-01-01"}).text
    assert 'value="2025-01-01"' in html
    assert 'class="cell act act-demand"' in html and 'class="cell act act-offer"' not in html
    assert 'min="2024-06-14"' in html and 'max="2025-10-21"' in html
    bad = client.get("/", params={"as_of": "<b>soon</b>"})
    assert bad.status_code == 422 and "&lt;b&gt;soon" in bad.text
    assert client.get("/api/map", params={"as_of": "soon"}).status_code == 422


def test_cell_page_shows_evidence_and_history(client: TestClient) -> None:
    html = client.get("/cell/RUS/territory.south").text
    assert "Russia signaled willingness to freeze current frontlines" in html
    assert "History, newest first" in html and "partial retreat" in html
    assert client.get("/cell/MARS/territory.south").status_code == 404
    assert client.get("/api/cells/RUS/nope").status_code == 404


def test_issue_page_timeline_and_paginated_evidence(client: TestClient) -> None:
    html = client.get("/issue/territory.south").text
    assert "<svg" in html and "<circle" in html
    data = client.get("/api/issues/territory.south", params={"per_page": 1, "page": 2}).json()
    assert data["page"] == {"page": 2, "per_page": 1, "total": 3, "pages": 3}
    assert [s["when"] for s in data["statements"]] == ["2025-10-16"]
    only_rus = client.get("/api/issues/territory.donbas", params={"party": "RUS"}).json()
    assert {s["actor"] for s in only_rus["statements"]} == {"RUS"}


def test_article_page_highlights_statements_at_their_offsets(client: TestClient,
                                                             seeded: Store) -> None:
    ids = {a.id[:3]: a.id for a in seeded.articles()}
    data = client.get(f"/api/articles/{ids['000']}").json()
    text = data["article"]["text"]
    assert "".join(seg["text"] for seg in data["segments"]) == text
    marked = [seg for seg in data["segments"] if seg["marks"]]
    assert len(marked) == 4
    for seg in marked:
        statement = data["statements"][seg["marks"][0]]
        assert seg["text"] == statement["sentence"] == \
            text[statement["start"]:statement["end"]]
    assert data["group"] is None
    html = client.get(f"/articles/{ids['000']}").text
    assert html.count("<mark") == 4
    assert client.get("/articles/no-such-article").status_code == 404


def test_overlapping_highlights_split_without_duplicating_text() -> None:
    segments = highlight_segments("abcdefgh", [(1, 5, 0), (3, 7, 1)])
    assert [(s["text"], s["marks"]) for s in segments] == [
        ("a", []), ("bc", [0]), ("de", [0, 1]), ("fg", [1]), ("h", [])]


def test_groups_count_independent_sources_when_available(seeded: Store) -> None:
    ids = {a.id[:3]: a.id for a in seeded.articles()}
    # 001 and 002 re-tell the same Washington Post report.
    groups = {ids["000"]: "g0", ids["001"]: "wapo", ids["002"]: "wapo"}
    app = create_app(seeded, load_scenario(), groups=lambda _store: groups)
    with TestClient(app, base_url=BASE) as c:
        ceasefire = cells(c)[("USA", "ceasefire")]
        assert ceasefire["articles"] == 2 and ceasefire["sources"] == 1
        group = c.get(f"/api/articles/{ids['001']}").json()["group"]
        assert [g["id"] for g in group] == [ids["002"]]
        assert "Re-tellings of the same report" in c.get(f"/articles/{ids['001']}").text


def _review_form(client: TestClient, path: str) -> tuple[str, str]:
    html = client.get(path).text
    action = re.search(r'<form method="post" action="([^"]+)" class="review"', html)
    assert action
    return action.group(1), csrf_of(html)


def test_review_form_edit_changes_the_map_and_the_audit_trail(client: TestClient) -> None:
    evidence = cells(client)[("RUS", "territory.south")]["evidence"]
    page = f"/articles/{quote(evidence['doc'], safe='')}/statements/{evidence['fingerprint']}"
    action, token = _review_form(client, page)
    form = {"csrf": token, "reviewer": "Ana Lopez", "decision": "edit", "actor": "RUS",
            "action": "propose", "issue": "territory.south", "target": "UKR",
            "date": evidence["date"]}  # the form comes pre-filled with the statement's date
    response = client.post(action, data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert cells(client)[("RUS", "territory.south")]["action"] == "propose"
    html = client.get(page).text
    assert "Ana Lopez" in html and "action: offer → propose" in html
    assert 'value="Ana Lopez"' in html  # the name is remembered for the next review
    trail = client.get("/api/reviews").json()["reviews"]
    assert trail[0]["changes"] == {"action": "propose", "target": "UKR"}
    assert "Ana Lopez" in client.get("/reviews").text


def test_review_form_reject_and_errors(client: TestClient) -> None:
    evidence = cells(client)[("USA", "ceasefire")]["evidence"]
    page = f"/articles/{quote(evidence['doc'], safe='')}/statements/{evidence['fingerprint']}"
    action, token = _review_form(client, page)
    bad = client.post(action, data={"csrf": token, "reviewer": "", "decision": "reject"})
    assert bad.status_code == 400 and "a name is required" in bad.text
    ok = client.post(action, data={"csrf": token, "reviewer": "ben", "decision": "reject"},
                     follow_redirects=False)
    assert ok.status_code == 303
    after = cells(client)[("USA", "ceasefire")]
    assert after["statements"] == 1 and after["evidence"]["fingerprint"] != \
        evidence["fingerprint"]


def test_review_api(client: TestClient) -> None:
    evidence = cells(client)[("UKR", "territory.donbas")]["evidence"]
    url = f"/api/articles/{evidence['doc']}/statements/{evidence['fingerprint']}"
    assert client.get(url).json()["status"] == "unreviewed"
    response = client.post(url + "/reviews", json={"decision": "confirm", "reviewer": "cy"})
    assert response.status_code == 201, response.text
    assert response.json()["statement"]["status"] == "confirmed"
    bad = client.post(url + "/reviews",
                      json={"decision": "edit", "reviewer": "cy", "changes": {"issue": "x"}})
    assert bad.status_code == 422 and "issue: 'x'" in bad.json()["detail"]
    assert client.post("/api/articles/nope/statements/abc/reviews",
                       json={"decision": "confirm", "reviewer": "cy"}).status_code == 404
    detail = client.get(url).json()
    assert [r["decision"] for r in detail["reviews"]] == ["confirm"]


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/map", "/api/cells/{party}/{issue}", "/api/issues/{issue}",
                 "/api/articles", "/api/reviews",
                 "/api/articles/{doc}/statements/{fingerprint}/reviews"):
        assert path in schema["paths"], path
    assert not any(p.startswith("/articles") for p in schema["paths"])
    index = client.get("/api").text
    assert "/api/map" in index and "as_of" in index


def test_every_asset_is_served_locally(client: TestClient) -> None:
    html = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_large_store_pages_stay_small(store: Store) -> None:
    from benchmarks.map_render import fill_store

    fill_store(store, 2000)
    with TestClient(create_app(store, load_scenario()), base_url=BASE) as c:
        page = c.get("/")
        assert page.status_code == 200 and len(page.text) < 200_000
        busiest = max((cell for row in c.get("/api/map").json()["rows"]
                       for cell in row["cells"] if cell), key=lambda cell: cell["statements"])
        many = c.get(f"/api/cells/{busiest['party']}/{busiest['issue']}").json()
        assert len(many["history"]) == min(100, many["history_total"])
        issue = c.get("/issue/ceasefire")
        assert issue.text.count('class="stmt') == 50
        assert issue.text.count("<circle") < 1000


def test_map_follows_re_extraction_and_new_reviews(client: TestClient, seeded: Store) -> None:
    assert cells(client)[("USA", "ceasefire")]["action"] == "propose"  # now cached
    ids = {a.id[:3]: a.id for a in seeded.articles()}
    for doc in (ids["001"], ids["002"]):
        kept = [s for s in seeded.statements(article_id=doc) if s.actor != "USA"]
        seeded.replace_statements(doc, kept, "test-2")
    assert ("USA", "ceasefire") not in cells(client)
    statement = seeded.statements(article_id=ids["000"])[0]
    add_review(seeded, statement, "edit", "ana", changes={"issue": "ceasefire"})
    assert (statement.actor, "ceasefire") in cells(client)


def test_statements_api_filters_by_review_status(client: TestClient) -> None:
    everything = client.get("/api/statements").json()
    assert everything["page"]["total"] == 10
    evidence = cells(client)[("USA", "ceasefire")]["evidence"]
    url = f"/api/articles/{evidence['doc']}/statements/{evidence['fingerprint']}/reviews"
    client.post(url, json={"decision": "reject", "reviewer": "ana"})
    rejected = client.get("/api/statements", params={"status": "rejected"}).json()
    assert [s["fingerprint"] for s in rejected["statements"]] == [evidence["fingerprint"]]
    usa = client.get("/api/statements", params={"party": "USA", "per_page": 1}).json()
    assert usa["page"]["total"] == 2 and len(usa["statements"]) == 1


def test_quick_decisions_once_the_reviewer_is_known(client: TestClient) -> None:
    assert 'class="quick"' not in client.get("/cell/RUS/territory.south").text
    client.cookies.set("stancemap_reviewer", "Ana%20Lopez")
    html = client.get("/cell/RUS/territory.south", params={"as_of": "2025-12-01"}).text
    assert 'class="quick"' in html and "as Ana Lopez" in html
    form = re.search(r'<form method="post" action="([^"]+)" class="quick">.*?'
                     r'name="next" value="([^"]+)"', html, re.S)
    assert form
    action, next_url = form.group(1), form.group(2).replace("&amp;", "&")
    assert next_url.startswith("/cell/RUS/territory.south?as_of=2025-12-01#st-")
    done = client.post(action, data={"csrf": csrf_of(html), "reviewer": "Ana Lopez",
                                     "decision": "reject", "next": next_url},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == next_url
    assert cells(client)[("RUS", "territory.south")]["date"] == "2025-10-16"


def test_cell_history_is_bounded(seeded: Store) -> None:
    from stancemap.serve.views import Dashboard

    data = Dashboard(seeded, load_scenario()).cell("RUS", "territory.south", limit=1)
    assert len(data["history"]) == 1 and data["history_total"] == 3
    assert data["history"][0]["when"] == "2025-10-21"


# -- forecast -------------------------------------------------------------------------


def _numbers(client: TestClient, issue: str) -> dict[str, dict]:
    data = client.get(f"/api/forecast/{issue}").json()
    return {r["party"]: r for r in data["numbers"]}


def test_forecast_pages_chart_each_scaled_issue(client: TestClient) -> None:
    scales = load_scenario().scales or {}
    html = client.get("/forecast").text
    assert 'href="/forecast"' in client.get("/").text  # in the navigation
    for issue in scales:
        assert f'id="forecast-{issue}"' in html
    assert html.count("<svg") >= 1 and "Weighted median" in html
    data = client.get("/api/forecast").json()
    assert data["draws"] == 200 and [i["issue"] for i in data["issues"]] == list(scales)
    page = client.get("/forecast/territory.south")
    assert page.status_code == 200 and "<svg" in page.text
    assert "5–95% of 200 draws" in page.text
    south = client.get("/api/forecast/territory.south").json()
    assert {m["model"] for m in south["forecasts"]} == {"compromise", "median", "nbs", "eum",
                                                        "exchange"}
    median = next(m for m in south["forecasts"] if m["model"] == "median")
    assert median["band_5"] is not None and median["band_5"] <= median["band_95"]
    rus = {r["party"]: r for r in south["numbers"]}["RUS"]
    assert rus["position"]["source"] in ("suggested", "file")
    unscaled = client.get("/forecast/weapons.supply")  # no scale: nothing to forecast
    assert unscaled.status_code == 404 and "has no scale" in unscaled.text
    assert client.get("/api/forecast/nope").status_code == 404


def test_forecast_form_sets_a_number_keeps_its_source_and_trail(client: TestClient) -> None:
    issue = "territory.south"
    before = _numbers(client, issue)["RUS"]
    compromise_before = next(m for m in client.get(f"/api/forecast/{issue}").json()["forecasts"]
                         if m["model"] == "compromise")["value"]
    html = client.get(f"/forecast/{issue}").text
    assert 'name="RUS:position" type="number"' in html
    form = {"csrf": csrf_of(html), "analyst": "Ana Lopez", "note": "after the summit",
            "party": "RUS", "RUS:position": "20", "RUS:position_spread": "4",
            "RUS:salience": f"{before['salience']['value']:g}", "RUS:salience_spread": "",
            "RUS:capability": f"{before['capability']['value']:g}",
            "RUS:capability_spread": ""}
    done = client.post(f"/forecast/{issue}/numbers", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    after = _numbers(client, issue)["RUS"]
    assert after["position"] == {"value": 20.0, "source": "analyst", "spread": 4.0,
                                 "note": after["position"]["note"]}
    assert "Ana Lopez" in after["position"]["note"]
    assert after["salience"]["source"] == before["salience"]["source"]  # left as it was
    assert after["suggested_position"]["value"] == before["position"]["value"]
    data = client.get(f"/api/forecast/{issue}").json()
    assert [(e["party"], e["field"], e["value"]) for e in data["edits"]] == \
        [("RUS", "position", 20.0)]
    assert next(m for m in data["forecasts"] if m["model"] == "compromise")["value"] < \
        compromise_before
    page = client.get(f"/forecast/{issue}").text
    assert "after the summit" in page and 'value="Ana Lopez"' in page
    assert ">analyst<" in page

    # the report and the CLI read the same stored number: back to the suggestion resets it
    back = client.post(f"/forecast/{issue}/numbers",
                       data={"csrf": csrf_of(page), "analyst": "Ana Lopez", "reset": "RUS"},
                       follow_redirects=False)
    assert back.status_code == 303
    assert _numbers(client, issue)["RUS"]["position"] == before["position"]


def test_forecast_form_refuses_bad_numbers_and_forged_posts(client: TestClient) -> None:
    issue = "territory.south"
    html = client.get(f"/forecast/{issue}").text
    form = {"csrf": csrf_of(html), "analyst": "Ana", "party": "RUS", "RUS:position": "250"}
    bad = client.post(f"/forecast/{issue}/numbers", data=form)
    assert bad.status_code == 400 and "off the scale" in bad.text
    words = client.post(f"/forecast/{issue}/numbers", data={**form, "RUS:position": "lots"})
    assert words.status_code == 400 and "not a number" in words.text
    nobody = client.post(f"/forecast/{issue}/numbers", data={**form, "analyst": ""})
    assert nobody.status_code == 400 and "a name is required" in nobody.text
    forged = client.post(f"/forecast/{issue}/numbers", data={**form, "csrf": "0" * 64})
    assert forged.status_code == 403
    assert client.get(f"/api/forecast/{issue}").json()["edits"] == []


def test_forecast_api_edit_places_a_party_without_a_position(client: TestClient) -> None:
    issue = "territory.south"
    rows = _numbers(client, issue)
    absent = next(p for p, r in rows.items() if not r["has_stance"])
    url = f"/api/forecast/{issue}/edits"
    first = client.post(url, json={"party": absent, "field": "position", "value": 35,
                                   "analyst": "cy"})
    assert first.status_code == 201, first.text
    assert not _numbers(client, issue)[absent]["has_stance"]  # needs its salience too
    second = client.post(url, json={"party": absent, "field": "salience", "value": 0.5,
                                    "spread": 0.05, "analyst": "cy"})
    assert second.status_code == 201
    placed = second.json()["issue"]["numbers"]
    row = next(r for r in placed if r["party"] == absent)
    assert row["has_stance"] and row["position"]["value"] == 35
    assert row["salience"] == {"value": 0.5, "source": "analyst", "spread": 0.05,
                               "note": row["salience"]["note"]}
    bad = client.post(url, json={"party": absent, "field": "salience", "value": 3,
                                 "analyst": "cy"})
    assert bad.status_code == 422 and "between 0 and 1" in bad.json()["detail"]
