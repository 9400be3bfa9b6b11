"""Shared fixtures: the scenario and extractors, built once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from stancemap.extract import Extractor
from stancemap.models import Article, Statement
from stancemap.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent


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
