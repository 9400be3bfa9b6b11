"""`stancemap export` / `stancemap import`: the whole store as JSON Lines, and back."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.common import EXIT_INPUT_FAILED, DbOption, QuietOption, err, fail, open_store
from stancemap.store.backup import ImportError_, export_jsonl, import_jsonl


class ExportFormat(StrEnum):
    jsonl = "jsonl"


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}s" for name, n in counts.items()) or "nothing"


def export_command(
    db: DbOption = None,
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", help="jsonl: a header line, then one line per stored row.")
    ] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: stdout).", show_default=False)] = None,
    quiet: QuietOption = False,
) -> None:
    """Write the whole store (articles, statements and every registered table) as JSON Lines
    that `stancemap import` loads back exactly."""
    store = open_store(db)
    if output is None:
        counts = export_jsonl(store, sys.stdout)
        sys.stdout.flush()
    else:
        # Written beside the target and renamed, so an interrupted export never leaves a
        # truncated file under the backup's name.
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as handle:
                counts = export_jsonl(store, handle)
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    if not quiet:
        err.print(f"exported {_summary(counts)} from {store.url}", markup=False,
                  highlight=False)


def import_command(
    file: Annotated[Path, typer.Argument(help="A file written by `stancemap export`.",
                                         show_default=False)],
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Load an export into an empty store, all of it or (on the first bad line) none of it."""
    store = open_store(db)
    try:
        with file.open(encoding="utf-8") as handle:
            counts = import_jsonl(store, handle, name=str(file))
    except OSError as exc:
        fail(f"{file}: cannot read: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text", EXIT_INPUT_FAILED)
    except ImportError_ as exc:
        fail(str(exc), EXIT_INPUT_FAILED)
    if not quiet:
        err.print(f"imported {_summary(counts)} into {store.url}", markup=False,
                  highlight=False)
