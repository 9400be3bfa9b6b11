"""`stancemap export` / `stancemap import`: the whole store as JSON Lines, and back."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from stancemap.cli.common import EXIT_INPUT_FAILED, DbOption, QuietOption, err, fail, open_store
from stancemap.store.backup import ImportError_, export_jsonl, import_jsonl
from stancemap.store.reviews import write_reviewed_jsonl


class ExportFormat(StrEnum):
    jsonl = "jsonl"


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}s" for name, n in counts.items()) or "nothing"


def export_command(
    db: DbOption = None,
    reviewed: Annotated[bool, typer.Option(
        "--reviewed", help="Only the statements, as reviewed (rejected ones dropped, edits "
                           "applied), in the shared spec's statement format.")] = False,
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", help="jsonl: a header line, then one line per stored row (with "
                         "--reviewed: one statement a line).")
    ] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: stdout).", show_default=False)] = None,
    quiet: QuietOption = False,
) -> None:
    """Write the whole store (articles, statements with their review state, groups and every
    registered table) as JSON Lines that `stancemap import` loads back exactly; or, with
    --reviewed, the reviewed statements as training and evaluation data."""
    store = open_store(db)

    def write(handle: TextIO) -> str:
        if reviewed:
            return f"{write_reviewed_jsonl(store, handle)} reviewed statements"
        return _summary(export_jsonl(store, handle))

    if output is None:
        summary = write(sys.stdout)
        sys.stdout.flush()
    else:
        # Written beside the target and renamed, so an interrupted export never leaves a
        # truncated file under the backup's name.
        partial = output.with_name(output.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as handle:
                summary = write(handle)
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    if not quiet:
        err.print(f"exported {summary} from {store.url}", markup=False, highlight=False)


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
