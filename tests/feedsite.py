"""A local news site for the watcher tests: a feed that changes between polls, article
pages, conditional-request support, and responses that die part-way through."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

_ACTORS = ["Russia", "Ukraine", "Moscow", "Kyiv", "the United States"]
_VERBS = ["demanded", "rejected", "offered", "accepted", "proposed"]
_OBJECTS = ["control of Donbas", "a ceasefire", "security guarantees", "sanctions relief"]


def article_html(n: int) -> str:
    a, b = _ACTORS[n % 5], _ACTORS[(n + 2) % 5]
    return f"""<!doctype html><html><head><title>Talks round {n}</title>
<meta property="og:site_name" content="Local Gazette"></head><body>
<nav><a href="/">Home</a></nav><article><h1>Talks round {n}</h1>
<p>Negotiators met for round {n} of talks on Tuesday, officials said after six hours of
meetings on the text of a framework that would govern a future truce.</p>
<p>{a} {_VERBS[n % 5]} {_OBJECTS[n % 4]} during the session, according to two diplomats
who spoke on condition of anonymity about the closed-door discussions.</p>
<p>{b} {_VERBS[(n + 1) % 5]} {_OBJECTS[(n + 1) % 4]} later in the day, its delegation said
in a statement that was published on the official website on Wednesday morning.</p>
</article></body></html>"""


@dataclass
class FeedSite:
    base: str = ""
    items: list[int] = field(default_factory=list)
    # path -> how many more times to send half the body and then drop the connection
    drops: dict[str, int] = field(default_factory=dict)
    page_delay: float = 0.0
    requests: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    version: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, *numbers: int) -> None:
        with self.lock:
            self.items.extend(numbers)
            self.version += 1

    def feed_xml(self) -> bytes:
        entries = "".join(
            f"<item><title>Talks round {n}</title><link>{self.base}/news/{n}.html</link>"
            f"<guid>{self.base}/news/{n}.html</guid></item>" for n in reversed(self.items))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Gazette'
                f"</title><link>{self.base}/</link>{entries}</channel></rss>").encode()

    def etag(self, body: bytes) -> str:
        return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'

    def last_modified(self) -> str:
        stamp = datetime(2025, 9, 1, tzinfo=UTC) + timedelta(minutes=self.version)
        return format_datetime(stamp, usegmt=True)

    def paths(self, prefix: str) -> list[str]:
        return [p for p, _, _ in self.requests if p.startswith(prefix)]


def _handler(site: FeedSite) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            with site.lock:
                site.requests.append((self.path, self.headers.get("If-None-Match"),
                                      self.headers.get("If-Modified-Since")))
                drop = site.drops.get(self.path, 0) > 0
                if drop:
                    site.drops[self.path] -= 1
                if self.path == "/feed.xml":
                    body, kind = site.feed_xml(), "application/rss+xml"
                    etag, modified = site.etag(body), site.last_modified()
                elif self.path.startswith("/news/"):
                    number = int(self.path.rsplit("/", 1)[1].split(".")[0])
                    body, kind = article_html(number).encode(), "text/html; charset=utf-8"
                    etag = modified = None
                else:
                    self.send_error(404)
                    return
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path.startswith("/news/") and site.page_delay:
                time.sleep(site.page_delay)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            if modified:
                self.send_header("Last-Modified", modified)
            self.end_headers()
            if drop:
                # Half the promised bytes, then the connection goes away.
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients killed mid-response are the point of some tests, not noise to print


@contextmanager
def serve(site: FeedSite) -> Iterator[FeedSite]:
    server = _Server(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
