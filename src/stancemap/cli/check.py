"""`stancemap check`: verify a store; exit 0 only when every invariant holds."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.common import EXIT_INPUT_FAILED, DbOption, err, fail, out
from stancemap.store import Store, StoreError, resolve_db_url
from stancemap.store.check import CheckReport, check_store


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


def sqlite_file(url: str) -> Path | None:
    """The file behind a sqlite:/// URL, None for other databases or in-memory ones."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or ":memory:" in url:
        return None
    return Path(url[len(prefix):].split("?", 1)[0])


def check_command(
    db: DbOption = None,
    output_format: Annotated[CheckFormat, typer.Option("--format")] = CheckFormat.text,
) -> None:
    """Verify the store: SQLite integrity, statements' articles exist, offsets point at the
    sentence, hashes match. Exit 0 only when everything holds, 1 when something does not."""
    url = resolve_db_url(db)
    path = sqlite_file(url)
    # Opening a store creates it; checking a mistyped path must not leave an empty one behind.
    if path is not None and not path.is_file():
        fail(f"{path}: no such database file")
    try:
        store = Store(url)
    except StoreError as exc:
        # A file SQLite cannot even open is a failed check, not a usage error.
        report = {"url": url, "ok": False, "checks": [
            {"name": "open", "ok": False, "problems": 1, "examples": [str(exc)]}]}
        if output_format is CheckFormat.json:
            out.file.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        else:
            err.print(f"FAIL open: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_INPUT_FAILED) from None
    try:
        result = check_store(store)
    finally:
        store.close()
    if output_format is CheckFormat.json:
        out.file.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_text(result)
    if not result.ok:
        raise typer.Exit(EXIT_INPUT_FAILED)


def _print_text(report: CheckReport) -> None:
    for r in report.results:
        status = "skip" if r.skipped else "ok" if r.ok else "FAIL"
        line = f"{status:4} {r.name}: {r.description}"
        if r.skipped:
            line += f" ({r.skipped})"
        elif not r.ok:
            line += f" ({r.problems} problem{'s' if r.problems != 1 else ''})"
        out.print(line, markup=False, highlight=False)
        for example in r.examples:
            out.print(f"     {example}", markup=False, highlight=False)
        if r.problems > len(r.examples):
            out.print(f"     ... and {r.problems - len(r.examples)} more", markup=False,
                      highlight=False)
    verdict = "store is consistent" if report.ok else "store has problems"
    out.print(f"{verdict}: {report.articles} articles, {report.statements} statements, "
              f"checked in {report.seconds:.2f} s", markup=False, highlight=False)
