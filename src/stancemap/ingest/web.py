"""Reading articles over HTTP(S): a single page, or every entry of an RSS/Atom feed."""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from stancemap import __version__
from stancemap.ingest.errors import MAX_BYTES, IngestError
from stancemap.ingest.files import MAX_OUTLET, MAX_TITLE, Item, html_article
from stancemap.ingest.text import clean_field

USER_AGENT = f"stancemap/{__version__} (+https://github.com/stancemap)"
FEED_TYPES = ("rss", "atom", "xml")
MAX_REDIRECTS = 5
MAX_SECONDS = 60.0  # one whole download, redirects included
MAX_FEED_ENTRIES = 500


class FetchError(Exception):
    pass


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def url_article_id(url: str) -> str:
    try:
        host = urlsplit(url).hostname or "web"
    except ValueError:
        host = "web"
    host = clean_field(host, 100) or "web"
    digest = hashlib.sha1(url.encode("utf-8", "replace")).hexdigest()[:12]
    return f"{host}-{digest}"


def _check_host(url: str, allow_local: bool) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # a port out of range, brackets that do not close
        raise FetchError(f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http(s) URLs are followed, not '{parts.scheme}'")
    if not parts.hostname:
        raise FetchError("the URL names no host")
    if allow_local:
        return
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError):  # gaierror, or a name IDNA cannot encode
        raise FetchError(f"cannot resolve host '{host}'") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or \
                address.is_reserved or address.is_multicast or address.is_unspecified:
            raise FetchError(f"refusing to fetch from local or private address {address} "
                             "(use --allow-local to permit it)")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int  # 2xx, or 304 when a conditional request found nothing new
    body: bytes
    headers: Mapping[str, str]


def _lowercase(headers: httpx.Headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def fetch_response(url: str, *, client: httpx.Client, headers: Mapping[str, str] | None = None,
                   allow_local: bool = False, max_bytes: int = MAX_BYTES,
                   max_seconds: float | None = None) -> Fetched:
    """GET with size cap, a deadline for the whole download (the client's timeout bounds each
    read, so a server dripping a byte at a time would otherwise hold us forever) and
    redirects checked hop by hop. A 304 (answer to conditional `headers`) comes back with no
    body; anything else but a complete 2xx raises FetchError."""
    current = url
    max_seconds = MAX_SECONDS if max_seconds is None else max_seconds
    deadline = time.monotonic() + max_seconds
    for _ in range(MAX_REDIRECTS + 1):
        _check_host(current, allow_local)
        try:
            with client.stream("GET", current, headers=dict(headers or {})) as response:
                # Before is_redirect, which httpx also answers True for a 304.
                if response.status_code == 304:
                    return Fetched(current, 304, b"", _lowercase(response.headers))
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(
                            f"redirect without a location (HTTP {response.status_code})")
                    current = urljoin(current, location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}")
                try:
                    declared = int(response.headers.get("content-length") or 0)
                except ValueError:
                    declared = 0  # a bogus length is ignored; the byte count below holds
                if declared > max_bytes:
                    raise FetchError(f"response is {declared / 1e6:.1f} MB, over the 5 MB limit")
                chunks: list[bytes] = []
                received = 0
                for chunk in response.iter_bytes():
                    received += len(chunk)
                    if received > max_bytes:
                        raise FetchError("response is over the 5 MB limit")
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out (download took over {max_seconds:.0f} s)")
                    chunks.append(chunk)
                return Fetched(current, response.status_code, b"".join(chunks),
                               _lowercase(response.headers))
        except httpx.TimeoutException:
            raise FetchError("timed out") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.CookieConflict) as exc:
            raise FetchError(f"unreachable ({exc.__class__.__name__}: {exc})") from None
        except (ValueError, UnicodeError) as exc:  # malformed headers or URL parts
            raise FetchError(f"unreadable response ({exc.__class__.__name__})") from None
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def fetch(url: str, *, client: httpx.Client, allow_local: bool = False,
          max_bytes: int = MAX_BYTES, max_seconds: float | None = None
          ) -> tuple[str, bytes, str]:
    """An unconditional GET: (final url, body, content type)."""
    got = fetch_response(url, client=client, allow_local=allow_local, max_bytes=max_bytes,
                         max_seconds=max_seconds)
    return got.url, got.body, got.headers.get("content-type", "")


def _is_feed(content_type: str, body: bytes) -> bool:
    if any(kind in content_type.lower() for kind in FEED_TYPES):
        return True
    head = body[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or b"<feed" in head


def read_url(url: str, *, allow_local: bool = False, timeout: float = 20.0,
             client: httpx.Client | None = None) -> Iterator[Item]:
    """One page becomes one article; a feed becomes one article per entry link."""
    own_client = client is None
    http = client or httpx.Client(timeout=timeout, follow_redirects=False,
                                  headers={"User-Agent": USER_AGENT})
    try:
        try:
            final_url, body, content_type = fetch(url, client=http, allow_local=allow_local)
        except FetchError as exc:
            yield IngestError(url, str(exc))
            return
        if _is_feed(content_type, body):
            yield from _read_feed(url, body, client=http, allow_local=allow_local)
        else:
            yield html_article(body, article_id=url_article_id(final_url), source=url,
                               url=final_url)
    finally:
        if own_client:
            http.close()


def _read_feed(
    url: str, body: bytes, *, client: httpx.Client, allow_local: bool
) -> Iterator[Item]:
    try:
        feed = feedparser.parse(body)
    except Exception as exc:  # feedparser is lenient but its sanitiser can still raise
        yield IngestError(url, f"not a readable RSS/Atom feed ({exc.__class__.__name__})")
        return
    if feed.bozo and not feed.entries:
        yield IngestError(url, "not a readable RSS/Atom feed or HTML page")
        return
    title = feed.feed.get("title") if isinstance(feed.feed, dict) else None
    outlet = clean_field(title, MAX_OUTLET) if isinstance(title, str) else None
    entries = list(feed.entries)
    if len(entries) > MAX_FEED_ENTRIES:
        yield IngestError(url, f"feed has {len(entries)} entries; reading the first "
                               f"{MAX_FEED_ENTRIES}")
        entries = entries[:MAX_FEED_ENTRIES]
    for number, entry in enumerate(entries, 1):
        link = entry.get("link")
        if not link or not isinstance(link, str):
            yield IngestError(f"{url} entry {number}", "feed entry has no link")
            continue
        try:
            link = urljoin(url, link.strip())
        except ValueError:
            yield IngestError(f"{url} entry {number}", "feed entry's link is not a URL")
            continue
        try:
            final_url, page, _type = fetch(link, client=client, allow_local=allow_local)
        except FetchError as exc:
            yield IngestError(link, str(exc))
            continue
        item = html_article(page, article_id=url_article_id(final_url), source=link,
                            url=final_url)
        if not isinstance(item, IngestError):
            if item.published is None:
                item.published = _entry_date(entry)
            entry_title = entry.get("title")
            if not item.title and isinstance(entry_title, str):
                item.title = clean_field(entry_title, MAX_TITLE)
            item.outlet = item.outlet or outlet or clean_field(urlsplit(final_url).hostname,
                                                               MAX_OUTLET)
        yield item


def _entry_date(entry: dict[str, object]) -> date | None:
    parsed = entry.get("published_parsed")
    try:
        return date(*parsed[:3]) if parsed else None  # type: ignore[index]
    except (TypeError, ValueError, OverflowError):  # year 0, day 31 of February, ...
        return None
