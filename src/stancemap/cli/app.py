"""`stancemap --help`: ingest → extract → positions / report."""

from __future__ import annotations

import json
from datetime import datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stancemap import __version__
from stancemap.cli.backup import export_command, import_command
from stancemap.cli.check import check_command
from stancemap.cli.common import (
    EXIT_INPUT_FAILED,
    AsOfOption,
    DbOption,
    QuietOption,
    ScenarioOption,
    err,
    fail,
    open_scenario,
    open_store,
    out,
    parse_day,
    progress,
)
from stancemap.cli.watch import watch_command
from stancemap.forecast.cli import app as forecast_app
from stancemap.forecast.cli import set_edits_provider, set_statements_provider
from stancemap.ingest import IngestSummary, ingest
from stancemap.models import Statement
from stancemap.pipeline import DEFAULT_MODEL, run_extraction
from stancemap.report.forecast_section import SECTION_TITLE, forecast_section
from stancemap.report.html import render_report, write_report
from stancemap.report.positions import build_positions
from stancemap.report.timeline import ACTION_COLOURS
from stancemap.store.forecast_edits import ForecastEdit, forecast_edits
from stancemap.store.provenance import update_groups
from stancemap.store.reviews import reviewed_statements

app = typer.Typer(
    name="stancemap",
    help="A source-cited map of who demanded, offered, rejected, accepted or proposed what "
         "in a negotiation, read from news coverage.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
app.command("watch")(watch_command)


def _store_statements(db: str | None) -> list[Statement]:
    return reviewed_statements(open_store(db))


def _store_edits(db: str | None) -> list[ForecastEdit]:
    store = open_store(db)
    try:
        return forecast_edits(store)
    finally:
        store.close()


set_statements_provider(_store_statements)
set_edits_provider(_store_edits)
app.add_typer(forecast_app, name="forecast")


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"
    none = "none"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        out.print(f"stancemap {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Exit codes: 0 success, 1 some input failed (the rest went through), 2 usage error."""


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(
        help="Files (.txt, .html, .jsonl), folders (read recursively), http(s) URLs or "
             "RSS/Atom feeds.", show_default=False)],
    db: DbOption = None,
    allow_local: Annotated[bool, typer.Option(
        "--allow-local", help="Allow URLs on loopback or private addresses.")] = False,
    scenario_path: ScenarioOption = None,
    quiet: QuietOption = False,
) -> None:
    """Read articles and store each one once (re-ingesting the same text is a no-op)."""
    store = open_store(db)
    scenario_language = open_scenario(scenario_path).language
    summary = IngestSummary()
    with progress(quiet) as bar:
        task = bar.add_task("ingesting", total=None)
        for event in ingest(paths, store, allow_local=allow_local):
            summary.record(event, scenario_language)
            bar.advance(task)
            if event.status in ("error", "conflict"):
                err.print(f"{event.source}: {event.detail}", markup=False, highlight=False)
            elif event.status == "added" and event.language and \
                    event.language != scenario_language and not quiet:
                err.print(f"{event.source}: article {event.article_id} is in language "
                          f"'{event.language}'; stored, will not be extracted",
                          markup=False, highlight=False)
    if summary.added:
        # Grouping is incremental: only the new articles are placed in the index.
        update_groups(store, open_scenario(scenario_path))
    if not quiet:
        err.print(f"ingested {summary.added} new, {summary.duplicates} already stored, "
                  f"{summary.failed} failed; {store.count_articles()} articles in {store.url}",
                  markup=False, highlight=False)
    if summary.failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


@app.command("extract")
def extract_command(
    db: DbOption = None,
    scenario_path: ScenarioOption = None,
    output_format: Annotated[ExtractFormat, typer.Option(
        "--format", help="jsonl: every stored statement in the shared spec's format; "
                         "table: a readable table; none: print nothing.")] = ExtractFormat.jsonl,
    redo: Annotated[bool, typer.Option("--all", help="Re-extract every article, not only new "
                                                     "ones.")] = False,
    model: Annotated[str, typer.Option(help="spaCy model package to load.")] = DEFAULT_MODEL,
    engine: Annotated[Engine, typer.Option(help="local: this process; dask: a Dask cluster "
                                                "(see docs/scale.md).")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:8786); "
                                                       "default: a local cluster.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes of the local Dask cluster.",
                                         min=1)] = 2,
    quiet: QuietOption = False,
) -> None:
    """Find stance statements in the articles not yet extracted, store them, print them all."""
    store = open_store(db)
    scenario = open_scenario(scenario_path)
    total = store.count_articles() if redo else store.count_articles(pending_only=True)
    with progress(quiet) as bar:
        task = bar.add_task("extracting", total=total)
        try:
            if engine is Engine.dask:
                from stancemap.distributed import extract_on_dask

                summary = extract_on_dask(store, scenario, scheduler=scheduler, workers=workers,
                                          model=model, redo=redo,
                                          on_article=lambda _a: bar.advance(task))
            else:
                summary = run_extraction(store, scenario, model=model, redo=redo,
                                         on_article=lambda _a: bar.advance(task))
        except OSError as exc:
            fail(f"cannot load spaCy model '{model}': {exc}")
        except ImportError as exc:  # e.g. a Dask worker without stancemap installed
            fail(f"cannot load the extractor: {exc}")
    for article_id, reason in summary.failed:
        err.print(f"article {article_id}: extraction not stored: {reason}", markup=False,
                  highlight=False)
    if not quiet:
        line = summary.skipped_line()
        if line:
            err.print(line, markup=False, highlight=False)
        err.print(f"extracted {summary.statements} statements from {summary.articles} articles",
                  markup=False, highlight=False)
    statements = store.statements()
    if output_format is ExtractFormat.jsonl:
        for statement in statements:
            out.file.write(json.dumps(statement.to_json(), ensure_ascii=False) + "\n")
    elif output_format is ExtractFormat.table:
        table = Table("doc", "actor", "action", "issue", "attribution", "sentence")
        for s in statements:
            table.add_row(s.doc, s.actor, s.action, s.issue, s.attribution or "",
                          s.sentence[:120])
        out.print(table)
    if summary.failed:
        raise typer.Exit(EXIT_INPUT_FAILED)


@app.command("train")
def train_command(
    corpus: Annotated[Path, typer.Option(help="Training articles (JSONL corpus records).")] = Path(
        "data/train.jsonl"),
    gold: Annotated[Path, typer.Option(help="Their gold statements (JSONL).")] = Path(
        "data/train-gold.jsonl"),
    output: Annotated[Path | None, typer.Option(
        "--output", "-o",
        help="Sentence model file; the article model is written beside it as article.npz "
             "[default: the ones the extractor loads]",
        show_default=False)] = None,
    scenario_path: ScenarioOption = None,
) -> None:
    """Train the extractor's sentence and article models (deterministic: the same data gives
    the same files)."""
    from stancemap.extract.train import train_model

    for path in (corpus, gold):
        if not path.is_file():
            fail(f"{path}: no such file")
    train_model(corpus, gold, output, scenario_path,
                log=lambda line: err.print(line, markup=False, highlight=False))


@app.command("positions")
def positions_command(
    db: DbOption = None,
    scenario_path: ScenarioOption = None,
    output_format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
    as_of: AsOfOption = None,
) -> None:
    """Parties x issues: each party's latest stance per issue, its date and its support."""
    store = open_store(db)
    scenario = open_scenario(scenario_path)
    index = update_groups(store, scenario)
    positions = build_positions(reviewed_statements(store), scenario, store.article_infos(),
                                as_of=parse_day(as_of), group_of=index.group_map(),
                                origins=index.origin_map())
    if output_format is TableOrJson.json:
        out.file.write(json.dumps(positions.to_json(), ensure_ascii=False, indent=2) + "\n")
        return
    if not positions.cells:
        err.print("no statements in the store yet: run `stancemap extract` first")
        return
    table = Table(title=f"{scenario.name}: latest stance per party and issue"
                        + (f" as of {positions.as_of}" if positions.as_of else ""),
                  show_lines=True)
    table.add_column("issue", style="bold", no_wrap=True)
    for party in positions.parties:
        table.add_column(party)
    for issue in positions.issues:
        row = [issue]
        for party in positions.parties:
            cell = positions.cell(party, issue)
            if cell is None:
                row.append("")
                continue
            colour = ACTION_COLOURS.get(cell.action, "white")
            hedge = " ~" if cell.all_weak else ""
            warning = "\n[bold]1 anon. report[/]" if cell.single_anonymous_report else ""
            row.append(f"[{colour}]{cell.action}[/]{hedge}\n{cell.date or 'undated'}\n"
                       f"{len(cell.articles)} art./{cell.sources} src{warning}")
        table.add_row(*row)
    out.print(table)
    out.print("art. = articles carrying the stance; src = independent original reports among "
              "them; ~ every support hedged or anonymous-sourced; 1 anon. report = a single "
              "anonymous-sourced report", style="dim")


@app.command("report")
def report_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")],
    db: DbOption = None,
    scenario_path: ScenarioOption = None,
    as_of: AsOfOption = None,
    forecast_draws: Annotated[int, typer.Option(
        "--forecast-draws", help="Monte Carlo draws for the forecast charts; -1 leaves the "
                                 "forecast out.")] = 200,
) -> None:
    """Write one self-contained HTML report: matrix, timelines, evidence for every statement,
    and where the bargaining models put a deal on each issue with a scale."""
    store = open_store(db)
    scenario = open_scenario(scenario_path)
    articles = store.article_infos()
    statements = reviewed_statements(store)
    day = parse_day(as_of)
    index = update_groups(store, scenario)
    positions = build_positions(statements, scenario, articles, as_of=day,
                                group_of=index.group_map(), origins=index.origin_map())
    sections = []
    if forecast_draws >= 0:
        # as of a day: the statements up to it, and the analyst's numbers set by its end
        until = datetime.combine(day, time.max) if day else None
        chart = forecast_section(statements, scenario, draws=forecast_draws,
                                 edits=forecast_edits(store, until=until),
                                 articles=articles, as_of=day)
        if chart:
            sections.append((SECTION_TITLE, chart))
    html = render_report(positions, statements, scenario, articles, groups=index.groups(),
                         extra_sections=sections)
    try:
        write_report(output, html)
    except OSError as exc:
        fail(f"{output}: cannot write report: {exc.strerror or exc}")
    err.print(f"wrote {output} ({len(statements)} statements)", markup=False, highlight=False)


app.command("check")(check_command)
app.command("export")(export_command)
app.command("import")(import_command)
from stancemap.cli import serve, sources  # noqa: E402,F401,I001  (registers the commands)
