"""Options and helpers shared by every command: the store, the scenario, the consoles."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from stancemap.scenario import Scenario, ScenarioError, load_scenario
from stancemap.store import Store, StoreError

# Data goes to stdout, messages and progress to stderr, so output can be piped.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXIT_OK = 0
EXIT_INPUT_FAILED = 1  # some input could not be processed; the rest was
EXIT_USAGE = 2  # bad options, missing scenario, unreachable store

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite path [env: STANCEMAP_DB; "
                              "default: ./stancemap.db]", show_default=False),
]
ScenarioOption = Annotated[
    Path | None,
    typer.Option("--scenario", help="Scenario YAML file [env: STANCEMAP_SCENARIO; default: "
                                    "the bundled ukraine-2025]", show_default=False),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or notes.")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Show the map as it stood on this day (YYYY-MM-DD).",
                 show_default=False),
]


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    err.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def open_store(db: str | None) -> Store:
    try:
        return Store(db)
    except StoreError as exc:
        fail(str(exc))


def open_scenario(path: Path | None) -> Scenario:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        fail(str(exc))


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of: not a YYYY-MM-DD date: {value!r}")


def progress(quiet: bool, total: int | None = None) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not sys.stderr.isatty(),
        transient=True,
    )
