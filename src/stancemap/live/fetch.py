"""Conditional GET of a feed: send the stored validators, and a 304 costs no body at all."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from stancemap.ingest.errors import MAX_BYTES
from stancemap.ingest.web import MAX_REDIRECTS, FetchError, _check_host


@dataclass(frozen=True, slots=True)
class FeedResponse:
    url: str  # after redirects
    not_modified: bool
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


def conditional_get(
    url: str,
    *,
    client: httpx.Client,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_local: bool = False,
    max_bytes: int = MAX_BYTES,
) -> FeedResponse:
    """GET with If-None-Match / If-Modified-Since. Raises FetchError on anything but a
    complete 2xx or a 304, including a connection dropped part-way through the body (the
    server's Content-Length or chunked framing then does not match what arrived)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        _check_host(current, allow_local)
        try:
            with client.stream("GET", current, headers=headers) as response:
                # Before is_redirect, which httpx also answers True for a 304.
                if response.status_code == 304:
                    return FeedResponse(current, True, etag=etag, last_modified=last_modified)
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            f"redirect without a location (HTTP {response.status_code})")
                    current = urljoin(current, location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}")
                chunks, received = [], 0
                for chunk in response.iter_bytes():
                    received += len(chunk)
                    if received > max_bytes:
                        raise FetchError("response is over the 5 MB limit")
                    chunks.append(chunk)
                return FeedResponse(current, False, b"".join(chunks),
                                    response.headers.get("etag"),
                                    response.headers.get("last-modified"))
        except httpx.TimeoutException:
            raise FetchError("timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"unreachable ({exc.__class__.__name__}: {exc})") from None
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
