"""`stancemap forecast`: where a deal could land on each issue, by five bargaining models.

With --input the negotiation is read from a file (stancemap's editable table, Decide's
#A/#P/#M/#D file or KTAB's CSV). Without it, it is suggested from the stance statements
that the host application supplies through set_statements_provider().
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ..models import Statement
from ..scenario import Scenario, load_scenario
from .analyst import EditLike, apply_edits
from .io_decide import write_decide
from .io_ktab import write_ktab
from .io_table import read_any, write_table
from .runner import MODEL_NAMES, MODELS, Forecast, run_forecast
from .suggest import suggest_negotiation
from .types import Negotiation, Spreads

# The command is the app's callback, so `app.add_typer(forecast_app, name="forecast")`
# gives `stancemap forecast --model ...` rather than `stancemap forecast forecast`.
app = typer.Typer(
    help="Forecast where a deal could land, issue by issue.",
    invoke_without_command=True,
    no_args_is_help=False,
)
err = Console(stderr=True)

_provider: Callable[[str | None], list[Statement]] | None = None
_edits_provider: Callable[[str | None], Sequence[EditLike]] | None = None


def set_statements_provider(fn: Callable[[str | None], list[Statement]]) -> None:
    """Register where the statements come from when --input is not given (the store)."""
    global _provider
    _provider = fn


def set_edits_provider(fn: Callable[[str | None], Sequence[EditLike]]) -> None:
    """Register where the analyst's stored numbers come from (the store), applied over the
    suggestion when --input is not given."""
    global _edits_provider
    _edits_provider = fn


class ModelChoice(StrEnum):
    all = "all"
    compromise = "compromise"
    median = "median"
    nbs = "nbs"
    eum = "eum"
    exchange = "exchange"


class Format(StrEnum):
    table = "table"
    json = "json"


def forecast_statements(
    statements: list[Statement],
    scenario: Scenario | None = None,
    models: list[str] | None = None,
    draws: int = 1000,
    seed: int | None = 0,
    spreads: Spreads | None = None,
    edits: Iterable[EditLike] = (),
) -> Forecast:
    """Suggest a negotiation from statements, apply the analyst's edits and forecast it
    (what the CLI does without --input)."""
    sc = scenario or load_scenario()
    neg = analyst_negotiation(statements, sc, edits)
    return run_forecast(neg, models, draws, seed, spreads)


def analyst_negotiation(
    statements: list[Statement], scenario: Scenario, edits: Iterable[EditLike] = ()
) -> Negotiation:
    """The suggested negotiation with the analyst's stored numbers applied."""
    neg = suggest_negotiation(statements, scenario)
    names = {pid: p.name for pid, p in scenario.parties.items()}
    return apply_edits(neg, edits, names)


def _models(choice: ModelChoice) -> list[str]:
    return list(MODELS) if choice is ModelChoice.all else [choice.value]


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}"


def print_table(fc: Forecast, max_moves: int = 30, console: Console | None = None) -> None:
    con = console or Console()
    neg = fc.negotiation
    for iss in neg.issues:
        t = Table(title=f"{iss.id}" + (f" (status quo {iss.status_quo.value:g})"
                                      if iss.status_quo else ""), title_justify="left")
        t.add_column("model")
        t.add_column("forecast", justify="right")
        t.add_column("5-95%", justify="right")
        t.add_column("meaning / note")
        for m in fc.models:
            f = fc.results[m].get(iss.id)
            if f is None:
                continue
            band = "-" if f.low is None else f"{f.low:.1f}-{f.high:.1f}"
            if f.no_agreement:
                band += f" ({100 * f.no_agreement:.0f}% no deal)"
            meaning = iss.meaning_at(f.value) if f.value is not None else ""
            rounds = " > ".join(f"{v:.1f}" for v in f.per_round) if f.per_round else ""
            note = "; ".join(x for x in (meaning, f.note, rounds and f"per round {rounds}") if x)
            t.add_row(MODEL_NAMES[m], _num(f.value), band, note)
        con.print(t)
    for m in ("eum", "exchange"):
        moves = fc.rounds.get(m)
        if m not in fc.models:
            continue
        t = Table(title=f"{MODEL_NAMES[m]}: rounds (who moved, how far, why)",
                  title_justify="left")
        for col in ("round", "issue", "actor", "from", "to", "why"):
            t.add_column(col)
        for mv in (moves or [])[:max_moves]:
            t.add_row(str(mv["round"]), mv["issue"], mv["actor"], f"{mv['from']:.1f}",
                      f"{mv['to']:.1f}", mv["why"])
        con.print(t)
        if moves and len(moves) > max_moves:
            err.print(f"{m}: {len(moves) - max_moves} more moves; use --format json for all")
    if fc.draws:
        err.print(f"bands from {fc.draws} draws, seed {fc.seed}")


@app.callback()
def forecast(
    model: Annotated[ModelChoice, typer.Option("--model", "-m", help="Model to run.")] = (
        ModelChoice.all
    ),
    input: Annotated[
        Path | None,
        typer.Option("--input", "-i", help="Negotiation file: stancemap table, Decide or KTAB."),
    ] = None,
    draws: Annotated[int, typer.Option("--draws", "-n", min=0, help="Monte Carlo draws.")] = 1000,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo draws.")] = 0,
    scenario: Annotated[Path | None, typer.Option(help="Scenario YAML.")] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL or SQLite path [env: STANCEMAP_DB]",
                     show_default=False),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(help="Write the negotiation (.csv table, .ktab.csv or .decide) to edit."),
    ] = None,
    position_spread: Annotated[float, typer.Option(help="Default position sd / span.")] = 0.10,
    salience_spread: Annotated[float, typer.Option(help="Default salience sd (0-1).")] = 0.10,
    capability_spread: Annotated[float, typer.Option(help="Default capability sd / value.")] = 0.2,
    max_moves: Annotated[int, typer.Option(help="Moves shown per model in the table.")] = 30,
) -> None:
    """Forecast each issue with the chosen models, with a Monte Carlo 5-95% band."""
    spreads = Spreads(position_spread, salience_spread, capability_spread)
    try:
        neg = _negotiation(input, scenario, db)
    except (OSError, ValueError) as exc:
        err.print(f"[red]cannot read the negotiation:[/red] {exc}")
        raise typer.Exit(2) from None
    if not neg.stances:
        err.print("[red]no positions to forecast[/red] (no statements on issues with a scale)")
        raise typer.Exit(1)
    if write is not None:
        _write(neg, write)
        err.print(f"wrote {write}; edit it and re-run with --input {write}")
    fc = run_forecast(neg, _models(model), draws, seed, spreads)
    if format is Format.json:
        sys.stdout.write(json.dumps(fc.to_json(), indent=2, default=_json_default) + "\n")
    else:
        print_table(fc, max_moves)


def _negotiation(input: Path | None, scenario: Path | None, db: str | None) -> Negotiation:
    if input is not None:
        return read_any(input)
    if _provider is None:
        raise ValueError("no --input given and no statement store connected")
    sc = load_scenario(scenario)
    edits = _edits_provider(db) if _edits_provider is not None else []
    return analyst_negotiation(_provider(db), sc, edits)


def _write(neg: Negotiation, path: Path) -> None:
    name = path.name.lower()
    if name.endswith(".ktab.csv"):
        text = write_ktab(neg)
    elif name.endswith((".decide", ".txt")):
        text = write_decide(neg)
    else:
        text = write_table(neg)
    path.write_text(text, encoding="utf-8")


def _json_default(o: Any) -> Any:
    if hasattr(o, "item"):
        return o.item()
    raise TypeError(type(o).__name__)
