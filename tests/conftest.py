"""Shared fixtures: a fresh store, a local web server, the scenario and extractors (built
once per test session)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from stancemap.extract import Extractor
from stancemap.models import Article, Statement
from stancemap.scenario import Scenario, load_scenario
from stancemap.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(f"sqlite:///{tmp_path / 'test.db'}")
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
