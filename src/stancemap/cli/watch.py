"""`stancemap watch`: keep a store up to date with RSS/Atom feeds."""

from __future__ import annotations

import re
import signal
from datetime import timedelta
from types import FrameType
from typing import Annotated

import typer

from stancemap.cli.common import (
    DbOption,
    QuietOption,
    ScenarioOption,
    err,
    fail,
    open_scenario,
    open_store,
)
from stancemap.live import CycleResult, Watcher
from stancemap.pipeline import DEFAULT_MODEL

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str) -> timedelta:
    """'90s', '10m', '2h', '1d' or a number of seconds."""
    match = _DURATION.match(value.lower())
    if not match or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"not a duration like 30s, 10m, 2h: {value!r}")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def _say(line: str) -> None:
    err.print(line, markup=False, highlight=False)


def watch_command(
    feeds: Annotated[list[str], typer.Argument(
        metavar="FEED_OR_URL", help="RSS/Atom feed URLs to poll.", show_default=False)],
    every: Annotated[str, typer.Option(
        help="Time between polls of a feed (30s, 10m, 2h). A failing feed is polled less "
             "often: every × 2^failures, up to --max-backoff.")] = "10m",
    max_backoff: Annotated[str, typer.Option(help="Longest wait after errors.")] = "6h",
    once: Annotated[bool, typer.Option(
        "--once", help="Poll each feed once (feeds backing off after errors wait), extract, "
                       "exit. For cron.")] = False,
    extract: Annotated[bool, typer.Option(
        "--extract/--no-extract", help="Extract statements from new articles.")] = True,
    db: DbOption = None,
    scenario_path: ScenarioOption = None,
    model: Annotated[str, typer.Option(help="spaCy model package to load.")] = DEFAULT_MODEL,
    allow_local: Annotated[bool, typer.Option(
        "--allow-local", help="Allow feeds and pages on loopback or private addresses.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Poll feeds with conditional requests; store and extract only what is new. Safe to
    kill at any moment: a restart resumes without losing or repeating an article."""
    bad = [f for f in feeds if not f.lower().startswith(("http://", "https://"))]
    if bad:
        fail(f"not an http(s) feed URL: {bad[0]}")
    store = open_store(db)
    scenario = open_scenario(scenario_path)
    watcher = Watcher(store, feeds, scenario, every=parse_duration(every),
                      max_backoff=parse_duration(max_backoff), extract=extract, model=model,
                      allow_local=allow_local)
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    # SIGTERM ends the wait between polls; mid-poll it is as safe as a kill (see watcher).
    previous = signal.signal(signal.SIGTERM, stop)

    def report(result: CycleResult) -> None:
        for poll in result.polls:
            for problem in poll.problems:
                _say(f"  {problem}")
            if poll.status == "error":
                _say(f"{poll.feed}: {poll.error}; next try {poll.next_poll_at:%H:%M:%S} UTC")
            elif not quiet and poll.status == "changed":
                _say(f"{poll.feed}: {poll.added} new, {poll.duplicates} already stored, "
                     f"{poll.rejected} not articles, {poll.failed} to retry")
            elif not quiet and poll.status == "unchanged":
                _say(f"{poll.feed}: not modified")
        if result.extraction and not quiet:
            summary = result.extraction
            _say(f"extracted {summary.statements} statements from {summary.articles} articles")

    try:
        watcher.run(once=once, on_cycle=report, should_stop=lambda: stopping)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except OSError as exc:
        fail(f"cannot load spaCy model '{model}': {exc}")
    finally:
        signal.signal(signal.SIGTERM, previous)
        watcher.close()
        store.close()
