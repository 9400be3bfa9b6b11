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


def build_reference(db: Path, sources: list[str], env: dict[str, str]) -> tuple[float, float]:
    """The store built without interruption; returns how long ingest and extract took."""
    t0 = time.perf_counter()
    done = run_cli(ingest_args(db, sources), env)
    t1 = time.perf_counter()
    if done.returncode not in (0, 1):
        raise RuntimeError(f"reference ingest failed: {done.stderr}")
    done = run_cli(extract_args(db), env)
    t2 = time.perf_counter()
    if done.returncode != 0:
        raise RuntimeError(f"reference extract failed: {done.stderr}")
    return t1 - t0, t2 - t1


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


@dataclass
class CrashTrial:
    killed_ingest: bool
    killed_extract: bool
    difference: Difference
    check_ok: bool
    check_problems: list[str]
    errors: list[str]


def crash_trial(db: Path, sources: list[str], reference: Snapshot, env: dict[str, str],
                ingest_time: float, extract_time: float, rng: random.Random) -> CrashTrial:
    """Kill ingest, finish it, kill extract, finish it; then compare with the reference."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    errors: list[str] = []
    killed_ingest = run_and_kill(ingest_args(db, sources), env, rng.uniform(0, ingest_time))
    done = run_cli(ingest_args(db, sources), env)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        errors.append(f"ingest after kill: rc {done.returncode}: {done.stderr[-500:]}")
    killed_extract = run_and_kill(extract_args(db), env, rng.uniform(0, extract_time))
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
                      checked.returncode == 0, problems, errors)
