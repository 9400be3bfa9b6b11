"""Shared fixtures: a fresh store, a local web server, the scenario and extractors (built
once per test session)."""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from stancemap.extract import Extractor
from stancemap.models import Article, Statement
from stancemap.scenario import Scenario, load_scenario
from stancemap.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


START_POSTGRES = ROOT / "scripts" / "start-postgres.sh"
STOP_POSTGRES = ROOT / "scripts" / "stop-postgres.sh"


def _no_postgres(reason: str) -> None:
    # In CI a missing server is a broken build, not a reason to quietly test less.
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL server: {reason}")


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """STANCEMAP_TEST_PG_URL, else a throwaway server started by scripts/start-postgres.sh."""
    url = os.environ.get("STANCEMAP_TEST_PG_URL")
    if url:
        yield url
        return
    try:
        started = subprocess.run(["bash", str(START_POSTGRES)], capture_output=True, text=True,
                                 timeout=180, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        _no_postgres(f"cannot run {START_POSTGRES.name}: {exc}")
    if started.returncode != 0:
        _no_postgres(f"{START_POSTGRES.name} failed: {started.stderr.strip()[-500:]}")
    exports = dict(line.removeprefix("export ").split("=", 1)
                   for line in started.stdout.splitlines() if line.startswith("export "))
    cluster = exports["PGTEST_DIR"].strip("'")
    try:
        yield exports["STANCEMAP_TEST_PG_URL"].strip("'")
    finally:
        subprocess.run(["bash", str(STOP_POSTGRES), cluster], capture_output=True, check=False)


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        _no_postgres(f"{pg_server_url}: {exc.__class__.__name__}: {exc}")
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    db = Store(db_url)
    yield db
    db.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def web_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A real HTTP server on 127.0.0.1 serving files from a temporary folder."""
    root = tmp_path / "www"
    root.mkdir()

    def handler(*args: object, **kwargs: object) -> _QuietHandler:
        return _QuietHandler(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "ukraine-2025.yaml")


@pytest.fixture(scope="session")
def extractor(scenario: Scenario) -> Extractor:
    """The shipped configuration: rules plus the learned model when it is installed."""
    return Extractor(scenario)


@pytest.fixture(scope="session")
def rules(scenario: Scenario) -> Extractor:
    """Rules only, so that a mechanism test does not depend on the trained weights."""
    return Extractor(scenario, use_model=False)


@pytest.fixture(scope="session")
def seeds(extractor: Extractor) -> dict[str, list[Statement]]:
    out = {}
    for path in sorted((ROOT / "examples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        art = Article(id=path.stem, text=text, title=text.split("\n", 1)[0])
        out[path.stem[:3]] = extractor.extract(art)
    return out


def article(text: str, published: date | None = None, **kw: object) -> Article:
    return Article(id="t", text=text, published=published, **kw)  # type: ignore[arg-type]


def keys(statements: list[Statement]) -> set[tuple[str, str, str]]:
    return {(s.actor, s.action, s.issue) for s in statements}
