"""Hostile articles render inert; writes need the form token, the same origin, and (off
loopback) the access token; uploads are bounded and cannot damage the store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from stancemap.cli import app as cli_app
from stancemap.cli.serve import dashboard_url
from stancemap.models import Statement
from stancemap.scenario import load_scenario
from stancemap.serve import create_app
from stancemap.serve.security import LOOPBACK_HOSTS, is_loopback, safe_next
from stancemap.serve.uploads import MAX_UPLOAD_BYTES, upload_id
from stancemap.store import Store
from tests.serve_data import seed

BASE = "http://127.0.0.1:8000"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str | None] = []
        self.handlers: list[tuple[str, str]] = []
        self.script_urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:")):
                self.script_urls.append(value)
HOSTILE = ("Envoys met in Geneva on Tuesday to discuss the ceasefire plan in detail. "
           "<script>alert('pwned')</script> Moscow demanded <img src=x onerror=alert(1)> "
           "a full withdrawal, and <a href=\"javascript:alert(2)\">click here</a> said Kyiv.")


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store, load_scenario(),
                               allowed_hosts=LOOPBACK_HOSTS), base_url=BASE) as c:
        yield c


def _csrf(client: TestClient, path: str = "/articles") -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(path).text)
    assert match
    return match.group(1)


def _upload(client: TestClient, name: str, data: bytes, **headers: str):  # type: ignore[no-untyped-def]
    return client.post("/articles", data={"csrf": _csrf(client)},
                       files={"file": (name, data, "application/octet-stream")},
                       headers=headers)


def test_hostile_article_renders_inert(client: TestClient, store: Store) -> None:
    record = {"id": "evil", "title": "<script>alert('t')</script>Talks",
              "url": "javascript:alert(3)", "outlet": "<b onmouseover=alert(4)>X</b>",
              "published": "2025-10-01", "text": HOSTILE}
    response = _upload(client, "evil.jsonl", json.dumps(record).encode())
    assert response.status_code == 200, response.text
    text = store.get_article("evil").text  # type: ignore[union-attr]
    sentence = "Moscow demanded <img src=x onerror=alert(1)> a full withdrawal"
    start = text.index(sentence)
    store.replace_statements("evil", [Statement(
        doc="evil", actor="RUS", action="demand", issue="ceasefire", sentence=sentence,
        start=start, end=start + len(sentence), content="<script>x()</script>",
        speaker="<svg onload=alert(5)>")], "test")
    fingerprint = client.get("/api/articles/evil").json()["statements"][0]["fingerprint"]
    pages = ["/articles/evil", "/articles", "/", "/cell/RUS/ceasefire", "/issue/ceasefire",
             f"/articles/evil/statements/{fingerprint}"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.text
        # Parsed as a browser would: the only script is ours, no element carries an event
        # handler, and no link or source points at javascript:.
        found = _Elements()
        found.feed(html)
        assert found.scripts == ["/static/app.js"], page
        assert found.handlers == [], page
        assert found.script_urls == [], page
        assert "img" not in found.tags, page
        assert ("svg" in found.tags) == page.startswith("/issue"), page  # our timeline only
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
    article = client.get("/articles/evil").text
    assert "&lt;script&gt;alert(" in article and "&lt;img src=x onerror=alert(1)&gt;" in article
    assert client.get("/api/articles/evil").json()["article"]["url"] is None


def test_writes_need_the_form_token_and_same_origin(client: TestClient, store: Store) -> None:
    seed(store)
    evidence = client.get("/api/map").json()["rows"][0]["cells"][0]["evidence"]
    action = f"/articles/{quote(evidence['doc'], safe='')}/statements/" \
             f"{evidence['fingerprint']}/review"
    form = {"reviewer": "mallory", "decision": "reject"}
    assert client.post(action, data=form).status_code == 403
    assert client.post(action, data={**form, "csrf": "0" * 64}).status_code == 403
    token = _csrf(client)
    foreign = client.post(action, data={**form, "csrf": token},
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and "another origin" in foreign.text
    assert client.post(action, data={**form, "csrf": token},
                       headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post(action, data={**form, "csrf": token},
                       headers={"Referer": "https://evil.example/x"}).status_code == 403
    # Another browser session's token is refused too.
    other = TestClient(client.app, base_url=BASE)
    assert other.post(action, data={**form, "csrf": token}).status_code == 403
    # A form-encoded post to the JSON API is not JSON: the token is still needed.
    api = f"/api/articles/{evidence['doc']}/statements/{evidence['fingerprint']}/reviews"
    assert client.post(api, data=form).status_code in (403, 422)
    assert client.get("/api/reviews").json()["page"]["total"] == 0
    ok = client.post(action, data={**form, "csrf": token}, headers={"Origin": BASE},
                     follow_redirects=False)
    assert ok.status_code == 303


def test_other_host_headers_are_refused(client: TestClient) -> None:
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


@pytest.fixture
def exposed(store: Store) -> Iterator[TestClient]:
    """A server bound beyond loopback: writes need the token."""
    seed(store)
    app = create_app(store, load_scenario(), token="s3cret", require_token=True)
    with TestClient(app, base_url="http://192.0.2.10:8000") as c:
        yield c


def test_token_required_off_loopback(exposed: TestClient) -> None:
    evidence = exposed.get("/api/map").json()["rows"][0]["cells"][0]["evidence"]
    api = f"/api/articles/{evidence['doc']}/statements/{evidence['fingerprint']}/reviews"
    body = {"decision": "confirm", "reviewer": "ana"}
    assert exposed.get("/").status_code == 200  # reading stays open
    assert "Sign in" in exposed.get("/").text
    assert exposed.post(api, json=body).status_code == 401
    assert exposed.post(api, json=body,
                        headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert exposed.post(api, json=body,
                        headers={"Authorization": "Bearer s3cret"}).status_code == 201
    upload = exposed.post("/api/articles", files={"file": ("a.txt", b"x " * 50)})
    assert upload.status_code in (401, 403)

    # A browser signs in once with the token, then uses the forms.
    csrf = _csrf(exposed, "/login")
    wrong = exposed.post("/login", data={"csrf": csrf, "token": "nope", "next": "/"})
    assert wrong.status_code == 401
    signed = exposed.post("/login", data={"csrf": csrf, "token": "s3cret",
                                          "next": "//evil.example/"}, follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/"
    form_page = f"/articles/{quote(evidence['doc'], safe='')}/statements/" \
                f"{evidence['fingerprint']}"
    csrf = _csrf(exposed, form_page)
    done = exposed.post(form_page + "/review",
                        data={"csrf": csrf, "reviewer": "ana", "decision": "reject"},
                        follow_redirects=False)
    assert done.status_code == 303


def test_serve_refuses_to_expose_without_a_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "x.db"),
                                          "--host", "0.0.0.0"], env={"STANCEMAP_TOKEN": ""})
    assert result.exit_code == 2
    assert "--token" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    assert dashboard_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert safe_next("//evil.example") == "/" and safe_next("/issue/x") == "/issue/x"


def test_uploads_go_through_ingest_and_report_errors(client: TestClient, store: Store) -> None:
    text = b"Kyiv rejects the plan\n\nUkraine's foreign minister said on Monday that Kyiv " \
           b"would never accept a cap on the size of its army."
    added = _upload(client, "../../etc/kyiv.txt", text)
    assert added.status_code == 200 and "added" in added.text
    assert store.get_article("kyiv") is not None
    again = _upload(client, "copy.txt", text)
    assert again.status_code == 200 and "duplicate" in again.text
    before = store.count_articles()
    for name, data, message in [
        ("blob.txt", b"\x00\x01\x02" * 100, "binary"),
        ("page.html", b"<html><body><nav>Home</nav></body></html>", "no main text"),
        ("x.pdf", b"%PDF-1.4 ...", "unsupported file type"),
        ("empty.txt", b"   ", "empty"),
    ]:
        response = _upload(client, name, data)
        assert response.status_code == 400, name
        assert message in response.text, name
    mixed = b'{"id": "ok1", "text": "Moscow said it would consider a ceasefire in the east."}\n' \
            b"not json\n" \
            b'{"id": "bad", "text": 5}\n'
    response = client.post("/api/articles", files={"file": ("batch.jsonl", mixed)},
                           headers={"X-CSRF-Token": _csrf(client)})
    events = response.json()["events"]
    assert [e["status"] for e in events] == ["added", "error", "error"]
    assert "not valid JSON" in events[1]["detail"]
    assert store.count_articles() == before + 1


def test_upload_size_limit_and_urls(client: TestClient, store: Store) -> None:
    big = b"word " * (MAX_UPLOAD_BYTES // 5 + 20_000)
    response = _upload(client, "big.txt", big)
    assert response.status_code == 413 and "5 MB" in response.text
    assert store.count_articles() == 0
    csrf = _csrf(client)
    bad = client.post("/articles", data={"csrf": csrf, "url": "file:///etc/passwd"})
    assert bad.status_code == 400 and "not an http(s) URL" in bad.text
    local = client.post("/api/articles", json={"url": "http://127.0.0.1:9/x"})
    assert local.status_code == 400
    assert local.json()["events"][0]["status"] == "error"
    nothing = client.post("/articles", data={"csrf": csrf})
    assert nothing.status_code == 422


def test_upload_ids_are_safe() -> None:
    assert upload_id("../../etc/passwd.txt") == ("passwd", ".txt")
    assert upload_id("C:\\Users\\me\\talks.HTML") == ("talks", ".html")
    assert upload_id("<script>.txt") == ("script", ".txt")
    assert upload_id("noext") == ("noext", "")


def test_serve_command_wires_the_app(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import uvicorn

    started: list[tuple[object, str, int]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **_: started.append(
        (app, host, port)))
    db = str(tmp_path / "x.db")
    result = CliRunner().invoke(cli_app, ["serve", "--db", db, "--port", "8123"],
                                env={"STANCEMAP_TOKEN": ""})
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    app, host, port = started[-1]
    assert (host, port) == ("127.0.0.1", 8123)
    with TestClient(app, base_url="http://127.0.0.1:8123") as local:  # type: ignore[arg-type]
        assert local.get("/").status_code == 200
        assert local.get("/", headers={"Host": "rebind.example"}).status_code == 400

    result = CliRunner().invoke(cli_app, ["serve", "--db", db, "--host", "0.0.0.0"],
                                env={"STANCEMAP_TOKEN": "tok"})
    assert result.exit_code == 0, result.output
    app, host, _ = started[-1]
    with TestClient(app, base_url="http://192.0.2.1:8000") as remote:  # type: ignore[arg-type]
        assert remote.get("/").status_code == 200
        refused = remote.post("/api/articles", json={"url": "https://example.org/"})
        assert refused.status_code == 401


def test_forecast_numbers_need_the_token_off_loopback(exposed: TestClient) -> None:
    url = "/api/forecast/territory.south/edits"
    body = {"party": "RUS", "field": "position", "value": 20, "analyst": "ana"}
    assert exposed.post(url, json=body).status_code == 401
    assert "needs the server's access token" in exposed.get("/forecast/territory.south").text
    page = exposed.get("/forecast/territory.south").text
    form = {"csrf": _csrf(exposed, "/forecast/territory.south"), "analyst": "ana",
            "party": "RUS", "RUS:position": "20"}
    assert 'name="analyst"' not in page
    assert exposed.post("/forecast/territory.south/numbers", data=form).status_code in (401, 403)
    assert exposed.get("/api/forecast/territory.south").json()["edits"] == []
    done = exposed.post(url, json=body, headers={"Authorization": "Bearer s3cret"})
    assert done.status_code == 201 and done.json()["edit"]["value"] == 20
