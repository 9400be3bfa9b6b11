"""URL ingest follows only http(s), within size and time limits, and never to loopback or
private addresses (redirects included) unless --allow-local."""

from __future__ import annotations

import socket
import time
from typing import Any

import httpx
import pytest

from stancemap.ingest import IngestError, read_sources
from stancemap.ingest.web import read_url
from tests.fuzzing import PROSE, local_server

PAGE = f"<html><head><title>T</title></head><body><article><p>{PROSE}</p></article></body>" \
       "</html>"


@pytest.fixture
def public_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend news.example resolves to a public address; everything else resolves as usual."""
    real = socket.getaddrinfo

    def fake(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr("stancemap.ingest.web.socket.getaddrinfo", fake)


def _client(routes: dict[str, httpx.Response]) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.Client(transport=httpx.MockTransport(handle), follow_redirects=False)


@pytest.mark.parametrize("target", [
    "http://127.0.0.1/admin", "http://localhost:8080/", "http://[::1]/", "http://10.0.0.5/",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/",
])
def test_redirect_to_loopback_or_private_is_refused(public_dns: None, target: str) -> None:
    client = _client({
        "http://news.example/story": httpx.Response(302, headers={"Location": target}),
        target.rstrip("/") + "/": httpx.Response(200, html=PAGE),
        target: httpx.Response(200, html=PAGE),
    })
    [item] = list(read_url("http://news.example/story", client=client))
    assert isinstance(item, IngestError)
    assert "refusing to fetch from local or private address" in item.reason
    assert item.source == "http://news.example/story"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://news.example/x",
                                    "gopher://news.example/", "javascript:alert(1)"])
def test_redirect_to_another_scheme_is_refused(public_dns: None, target: str) -> None:
    client = _client({"http://news.example/story":
                      httpx.Response(301, headers={"Location": target})})
    [item] = list(read_url("http://news.example/story", client=client))
    assert isinstance(item, IngestError)
    # httpx itself rejects some of these Location values before we see them; either way
    # nothing is fetched.
    assert "only http(s) URLs are followed" in item.reason or "InvalidURL" in item.reason


def test_public_redirect_is_followed(public_dns: None) -> None:
    client = _client({
        "http://news.example/story": httpx.Response(302, headers={"Location": "/final"}),
        "http://news.example/final": httpx.Response(200, html=PAGE),
    })
    [item] = list(read_url("http://news.example/story", client=client))
    assert not isinstance(item, IngestError)
    assert item.url == "http://news.example/final"


def test_oversize_responses_are_refused() -> None:
    with local_server() as (base, routes):
        routes.set("/declared", 200, [("Content-Type", "text/html")],
                   b"<p>word </p>" * 600_000)  # 7 MB
        [item] = list(read_sources([base + "/declared"], allow_local=True))
        assert isinstance(item, IngestError)
        assert "over the 5 MB limit" in item.reason


def test_undeclared_oversize_body_is_cut_off(public_dns: None) -> None:
    def stream() -> Any:
        for _ in range(100):
            yield b"x" * 100_000  # 10 MB, no Content-Length

    client = _client({"http://news.example/big": httpx.Response(
        200, headers={"Content-Type": "text/html"}, content=stream())})
    [item] = list(read_url("http://news.example/big", client=client))
    assert isinstance(item, IngestError)
    assert "over the 5 MB limit" in item.reason


def test_slow_server_times_out() -> None:
    with local_server() as (base, routes):
        routes.set("/slow", 200, [("Content-Type", "text/html")], PAGE.encode())
        started = time.monotonic()
        [item] = list(read_url(base + "/slow", allow_local=True, timeout=0.5))
        assert time.monotonic() - started < 3
        assert isinstance(item, IngestError)
        assert "timed out" in item.reason


def test_trickling_server_hits_the_download_deadline(public_dns: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("stancemap.ingest.web.MAX_SECONDS", 0.3)

    def trickle() -> Any:
        for _ in range(50):
            time.sleep(0.05)
            yield b"<p>drip</p>"

    client = _client({"http://news.example/drip": httpx.Response(
        200, headers={"Content-Type": "text/html"}, content=trickle())})
    started = time.monotonic()
    [item] = list(read_url("http://news.example/drip", client=client))
    assert time.monotonic() - started < 2
    assert isinstance(item, IngestError)
    assert "timed out" in item.reason


def test_redirect_loops_stop() -> None:
    with local_server() as (base, _routes):
        [item] = list(read_sources([base + "/redirect-loop"], allow_local=True))
        assert isinstance(item, IngestError)
        assert "more than 5 redirects" in item.reason


def test_feed_entries_pointing_at_local_addresses_are_refused(public_dns: None) -> None:
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>"
            "<item><link>http://127.0.0.1/secret</link></item>"
            "<item><link>http://news.example/ok</link></item></channel></rss>")
    client = _client({
        "http://news.example/feed": httpx.Response(
            200, headers={"Content-Type": "application/rss+xml"}, text=feed),
        "http://news.example/ok": httpx.Response(200, html=PAGE),
    })
    items = list(read_url("http://news.example/feed", client=client))
    assert isinstance(items[0], IngestError) and "local or private" in items[0].reason
    assert not isinstance(items[1], IngestError)
