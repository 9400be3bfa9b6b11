"""Drive the real `stancemap` CLI in subprocesses and compare the stores they leave.

Shared by the tests and by benchmarks/crash.py. Extraction runs the real engine when
`stancemap.extract` can be imported; otherwise the deterministic double in
tests/fake_extractor.py, named through STANCEMAP_EXTRACTOR_FACTORY.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
FAKE_FACTORY = "tests.fake_extractor:make_extractor"


def real_extractor_available() -> bool:
    try:
        return importlib.util.find_spec("stancemap.extract") is not None
    except ImportError:
        return False


def cli_env(*, fake_delay: float = 0.0) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), str(ROOT), env.get("PYTHONPATH", "")])
    env.pop("STANCEMAP_DB", None)
    if not real_extractor_available():
        env["STANCEMAP_EXTRACTOR_FACTORY"] = FAKE_FACTORY
        env["STANCEMAP_FAKE_DELAY"] = str(fake_delay)
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "stancemap", *args]


def run_cli(args: list[str], env: dict[str, str], timeout: float = 300
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_command(*args), env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def ingest_args(db: Path, sources: list[str]) -> list[str]:
    return ["ingest", "--db", str(db), "-q", *sources]


def extract_args(db: Path) -> list[str]:
    return ["extract", "--db", str(db), "-q", "--format", "none"]


# -- snapshots ----------------------------------------------------------------------------

ARTICLE_COLUMNS = ("id", "hash", "url", "outlet", "title", "published", "language", "source",
                   "text", "extracted_at IS NOT NULL", "extractor")
STATEMENT_COLUMNS = ("article_id", "actor", "action", "issue", "speaker", "target", "content",
                     "attribution", "hedged", "date", "sentence", "start", "end",
                     "confidence", "extra")


@dataclass
class Snapshot:
    """A store's rows as multisets, without ids and timestamps that differ between runs."""

    articles: Counter[tuple[Any, ...]] = field(default_factory=Counter)
    statements: Counter[tuple[Any, ...]] = field(default_factory=Counter)


def snapshot(db: Path) -> Snapshot:
    # Plain sqlite3, not the Store: the comparison must not share the code under test.
    connection = sqlite3.connect(str(db), timeout=30)
    try:
        quoted = ", ".join(f'"{c}"' if " " not in c else c for c in STATEMENT_COLUMNS)
        articles = connection.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles")
        statements = connection.execute(f"SELECT {quoted} FROM statements")
        return Snapshot(Counter(map(tuple, articles)), Counter(map(tuple, statements)))
    finally:
        connection.close()


@dataclass
class Difference:
    lost: int = 0  # rows the reference has that the store lacks
    duplicated: int = 0  # rows the store has more often than the reference, or not at all

    def __iadd__(self, other: Difference) -> Difference:
        self.lost += other.lost
        self.duplicated += other.duplicated
        return self


def compare(reference: Snapshot, store: Snapshot) -> Difference:
    diff = Difference()
    for ref, got in ((reference.articles, store.articles),
                     (reference.statements, store.statements)):
        diff.lost += sum((ref - got).values())
        diff.duplicated += sum((got - ref).values())
    return diff


# -- crash runs ---------------------------------------------------------------------------


@dataclass
class Window:
    """When a command started writing and when it finished, in seconds from its start."""

    first_write: float
    end: float

    def kill_time(self, rng: random.Random) -> float:
        # Half the kills anywhere (start-up included), half while rows are being written.
        if rng.random() < 0.5:
            return rng.uniform(0, self.end)
        return rng.uniform(self.first_write, self.end)


def _timed(args: list[str], env: dict[str, str], db: Path, column: int) -> Window:
    """Run to the end, polling the store to see when the first row of interest appears."""
    started = time.perf_counter()
    process = subprocess.Popen(cli_command(*args), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    first: float | None = None
    while process.poll() is None:
        if first is None and progress(db)[column] > 0:
            first = time.perf_counter() - started
        time.sleep(0.02)
    end = time.perf_counter() - started
    errors = process.stderr.read() if process.stderr else ""
    if process.returncode not in (0, 1):
        raise RuntimeError(f"reference run {args[0]} failed: {errors}")
    return Window(first if first is not None else 0.0, end)


def build_reference(db: Path, sources: list[str], env: dict[str, str]) -> tuple[Window, Window]:
    """The store built without interruption, and when each command wrote."""
    ingest_window = _timed(ingest_args(db, sources), env, db, 0)
    extract_window = _timed(extract_args(db), env, db, 1)
    return ingest_window, extract_window


def run_and_kill(args: list[str], env: dict[str, str], after: float) -> bool:
    """Start the CLI and SIGKILL it after `after` seconds; True when it was still running."""
    process = subprocess.Popen(cli_command(*args), env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def progress(db: Path) -> tuple[int, int, int]:
    """(articles, articles marked extracted, statements) in the store right now."""
    if not db.exists():
        return 0, 0, 0
    connection = sqlite3.connect(str(db), timeout=30)
    try:
        return tuple(connection.execute(  # type: ignore[return-value]
            "SELECT (SELECT COUNT(*) FROM articles), "
            "(SELECT COUNT(*) FROM articles WHERE extracted_at IS NOT NULL), "
            "(SELECT COUNT(*) FROM statements)").fetchone())
    except sqlite3.OperationalError:  # killed before the tables were created
        return 0, 0, 0
    finally:
        connection.close()


@dataclass
class CrashTrial:
    killed_ingest: bool
    killed_extract: bool
    difference: Difference
    check_ok: bool
    check_problems: list[str]
    errors: list[str]
    at_ingest_kill: tuple[int, int, int] = (0, 0, 0)  # what the killed run had stored
    at_extract_kill: tuple[int, int, int] = (0, 0, 0)


def crash_trial(db: Path, sources: list[str], reference: Snapshot, env: dict[str, str],
                ingest_time: Window, extract_time: Window, rng: random.Random) -> CrashTrial:
    """Kill ingest, finish it, kill extract, finish it; then compare with the reference."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    errors: list[str] = []
    killed_ingest = run_and_kill(ingest_args(db, sources), env,
                                 ingest_time.kill_time(rng))
    at_ingest_kill = progress(db)
    done = run_cli(ingest_args(db, sources), env)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        errors.append(f"ingest after kill: rc {done.returncode}: {done.stderr[-500:]}")
    killed_extract = run_and_kill(extract_args(db), env, extract_time.kill_time(rng))
    at_extract_kill = progress(db)
    done = run_cli(extract_args(db), env)
    if done.returncode != 0 or "Traceback" in done.stderr:
        errors.append(f"extract after kill: rc {done.returncode}: {done.stderr[-500:]}")
    checked = run_cli(["check", "--db", str(db), "--format", "json"], env)
    problems: list[str] = []
    try:
        report = json.loads(checked.stdout)
        for check in report["checks"]:
            problems.extend(f"{check['name']}: {e}" for e in check["examples"])
    except (json.JSONDecodeError, KeyError):
        problems.append(f"check printed no report: {checked.stderr[-300:]}")
    return CrashTrial(killed_ingest, killed_extract, compare(reference, snapshot(db)),
                      checked.returncode == 0, problems, errors, at_ingest_kill,
                      at_extract_kill)
