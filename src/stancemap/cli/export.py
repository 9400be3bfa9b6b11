"""`stancemap export`: statements out of the store, reviews applied."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stancemap.cli.app import app
from stancemap.cli.common import DbOption, err, fail, open_store
from stancemap.store.reviews import write_reviewed_jsonl


class ExportFormat(StrEnum):
    jsonl = "jsonl"


@app.command("export")
def export_command(
    reviewed: Annotated[bool, typer.Option(
        "--reviewed", help="Statements as reviewed: rejected ones dropped, edits applied.")
    ] = False,
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", help="jsonl: the shared spec's statement format.")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: stdout).", show_default=False)] = None,
    db: DbOption = None,
) -> None:
    """Write the statements in the shared spec's JSON Lines format."""
    if not reviewed:
        fail("say --reviewed: the export applies the reviews (the only export so far)")
    store = open_store(db)
    if output is None:
        count = write_reviewed_jsonl(store, sys.stdout)
    else:
        partial = output.with_name(output.name + ".partial")
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("w", encoding="utf-8") as handle:
                count = write_reviewed_jsonl(store, handle)
            partial.replace(output)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    err.print(f"exported {count} reviewed statements", markup=False, highlight=False)
