"""Conditional GET of a feed: send the stored validators, and a 304 costs no body at all."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from stancemap.ingest.errors import MAX_BYTES
from stancemap.ingest.web import fetch_response


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
    got = fetch_response(url, client=client, headers=headers, allow_local=allow_local,
                         max_bytes=max_bytes)
    if got.status == 304:
        return FeedResponse(got.url, True, etag=etag, last_modified=last_modified)
    return FeedResponse(got.url, False, got.body, got.headers.get("etag"),
                        got.headers.get("last-modified"))
