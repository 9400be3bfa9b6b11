"""The feed watcher: poll feeds, store what is new, extract it, and never lose or repeat.

Crash safety rests on the order of commits, each its own transaction:
1. an entry's article is stored (Store.add_article; a re-stored text is a no-op),
2. the entry's link is recorded as seen,
3. only when every entry of a response is recorded are that response's validators
   (ETag, Last-Modified) stored, so a kill before 3 makes the next poll a full GET again,
   and the entries already seen are skipped without being fetched,
4. extraction commits each article's statements with its extracted mark.
A watcher killed anywhere therefore resumes with, at worst, one page fetched twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from stancemap.ingest import store_article
from stancemap.ingest.errors import IngestError
from stancemap.ingest.files import html_article
from stancemap.ingest.web import USER_AGENT, FetchError, fetch, url_article_id
from stancemap.live import state
from stancemap.live.fetch import conditional_get
from stancemap.pipeline import DEFAULT_MODEL, ExtractorLike, ExtractSummary, run_extraction
from stancemap.scenario import Scenario
from stancemap.store import Store

DEFAULT_EVERY = timedelta(minutes=10)
DEFAULT_MAX_BACKOFF = timedelta(hours=6)
# Gone for good: remembering them spares the server a request every poll.
_PERMANENT = ("HTTP 404", "HTTP 410")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class PollResult:
    feed: str
    status: str  # "changed" | "unchanged" | "error" | "waiting" (backing off)
    added: int = 0
    duplicates: int = 0
    rejected: int = 0
    failed: int = 0  # entries to retry next poll
    error: str | None = None
    next_poll_at: datetime | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CycleResult:
    polls: list[PollResult]
    extraction: ExtractSummary | None


class Watcher:
    def __init__(
        self,
        store: Store,
        feeds: list[str],
        scenario: Scenario,
        *,
        every: timedelta = DEFAULT_EVERY,
        max_backoff: timedelta = DEFAULT_MAX_BACKOFF,
        extract: bool = True,
        extractor: ExtractorLike | None = None,
        model: str = DEFAULT_MODEL,
        allow_local: bool = False,
        timeout: float = 20.0,
        clock: Callable[[], datetime] = utcnow,
        sleep: Callable[[float], None] = time.sleep,
        http: httpx.Client | None = None,
    ) -> None:
        self.store = store
        self.feeds = list(dict.fromkeys(feeds))
        self.scenario = scenario
        self.every = every
        self.max_backoff = max(max_backoff, every)
        self.extract = extract
        self._extractor = extractor
        self.model = model
        self.allow_local = allow_local
        self.clock = clock
        self.sleep = sleep
        self.http = http or httpx.Client(timeout=timeout, follow_redirects=False,
                                         headers={"User-Agent": USER_AGENT})
        for url in self.feeds:
            state.get_feed(store, url)

    def close(self) -> None:
        self.http.close()

    # -- one feed ---------------------------------------------------------------------

    def backoff(self, failures: int) -> timedelta:
        """every × 2^failures, capped: a failing feed is asked less and less often."""
        return min(self.every * (2 ** min(failures, 30)), self.max_backoff)

    def poll(self, url: str) -> PollResult:
        feed = state.get_feed(self.store, url)
        now = self.clock()
        try:
            response = conditional_get(url, client=self.http, etag=feed.etag,
                                       last_modified=feed.last_modified,
                                       allow_local=self.allow_local)
        except FetchError as exc:
            return self._failed(url, feed.failures + 1, str(exc), now)
        if response.not_modified:
            state.record_poll(self.store, url, now=now, next_poll_at=now + self.every,
                              failures=0)
            return PollResult(url, "unchanged", next_poll_at=now + self.every)
        parsed = feedparser.parse(response.body)
        if parsed.bozo and not parsed.entries:
            return self._failed(url, feed.failures + 1, "not a readable RSS/Atom feed", now)

        result = PollResult(url, "changed", next_poll_at=now + self.every)
        outlet = parsed.feed.get("title") if isinstance(parsed.feed, dict) else None
        seen = state.seen_links(self.store, url)
        for entry in parsed.entries:
            link = entry.get("link")
            if not link:
                result.rejected += 1
                continue
            link = urljoin(response.url, link)
            if link in seen:
                continue
            seen.add(link)  # a feed listing the same link twice is handled once
            self._entry(url, link, entry, outlet, result)
        # Validators only once every entry is recorded (see the module docstring); with
        # entries left to retry, the next poll must see the whole feed again.
        validators = (response.etag, response.last_modified) if result.failed == 0 else None
        error = None if result.failed == 0 else \
            f"{result.failed} entries not fetched; retried next poll"
        state.record_poll(self.store, url, now=now, next_poll_at=now + self.every,
                          failures=0, error=error, validators=validators)
        return result

    def _entry(self, feed_url: str, link: str, entry: dict, outlet: str | None,
               result: PollResult) -> None:
        now = self.clock()
        try:
            final_url, page, _type = fetch(link, client=self.http, allow_local=self.allow_local)
        except FetchError as exc:
            if str(exc) in _PERMANENT:
                state.record_entry(self.store, feed_url, link, "rejected", None, str(exc), now)
                result.rejected += 1
            else:
                result.failed += 1
            result.problems.append(f"{link}: {exc}")
            return
        item = html_article(page, article_id=url_article_id(final_url), source=link,
                            url=final_url)
        if isinstance(item, IngestError):
            # The page itself is the problem (no article text); fetching it again won't help.
            state.record_entry(self.store, feed_url, link, "rejected", None, item.reason, now)
            result.rejected += 1
            result.problems.append(f"{link}: {item.reason}")
            return
        if item.published is None and entry.get("published_parsed"):
            item.published = date(*entry["published_parsed"][:3])
        if not item.title and entry.get("title"):
            item.title = entry["title"]
        item.outlet = item.outlet or outlet or urlsplit(final_url).hostname
        event = store_article(item, self.store)
        if event.status == "error":
            result.failed += 1  # the database, not the page: retry
            result.problems.append(f"{link}: {event.detail}")
            return
        state.record_entry(self.store, feed_url, link, event.status, event.article_id,
                           event.detail or None, now)
        if event.status == "added":
            result.added += 1
        else:
            result.duplicates += 1

    def _failed(self, url: str, failures: int, error: str, now: datetime) -> PollResult:
        next_poll_at = now + self.backoff(failures)
        state.record_poll(self.store, url, now=now, next_poll_at=next_poll_at,
                          failures=failures, error=error, reached=False)
        return PollResult(url, "error", error=error, next_poll_at=next_poll_at)

    # -- all feeds --------------------------------------------------------------------

    def due(self, url: str, *, ignore_schedule: bool = False) -> bool:
        feed = state.get_feed(self.store, url)
        if feed.next_poll_at is None:
            return True
        if ignore_schedule and feed.failures == 0:
            return True
        return feed.next_poll_at <= self.clock()

    def extract_pending(self) -> ExtractSummary | None:
        if not self.extract or self.store.count_articles(pending_only=True) == 0:
            return None
        if self._extractor is None:
            from stancemap.extract import Extractor  # loaded once, kept across polls

            self._extractor = Extractor(self.scenario, model=self.model)
        return run_extraction(self.store, self.scenario, model=self.model,
                              extractor=self._extractor)

    def cycle(self, *, ignore_schedule: bool = False) -> CycleResult:
        """Poll every due feed (with `ignore_schedule`, every feed not backing off after
        an error), then extract whatever is pending, including leftovers of a killed run."""
        polls = []
        for url in self.feeds:
            if self.due(url, ignore_schedule=ignore_schedule):
                polls.append(self.poll(url))
            else:
                feed = state.get_feed(self.store, url)
                polls.append(PollResult(url, "waiting", error=feed.last_error,
                                        next_poll_at=feed.next_poll_at))
        return CycleResult(polls, self.extract_pending())

    def seconds_to_next_poll(self) -> float:
        now = self.clock()
        times = [state.get_feed(self.store, url).next_poll_at for url in self.feeds]
        waits = [(t - now).total_seconds() for t in times if t is not None]
        return max(0.0, min(waits)) if waits else 0.0

    def run(
        self,
        *,
        once: bool = False,
        on_cycle: Callable[[CycleResult], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        while True:
            result = self.cycle(ignore_schedule=once)
            if on_cycle:
                on_cycle(result)
            if once:
                return
            # Sleep in short steps so a stop request is honoured promptly.
            remaining = self.seconds_to_next_poll()
            while remaining > 0 and not should_stop():
                step = min(remaining, 1.0)
                self.sleep(step)
                remaining -= step
            if should_stop():
                return
