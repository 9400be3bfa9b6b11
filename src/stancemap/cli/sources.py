"""`stancemap sources` and `stancemap groups`: which articles re-tell the same report."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from stancemap.cli.app import TableOrJson, app
from stancemap.cli.common import DbOption, ScenarioOption, open_scenario, open_store, out
from stancemap.models import ArticleInfo
from stancemap.store.provenance import update_groups


@app.command("sources")
def sources_command(
    db: DbOption = None,
    scenario_path: ScenarioOption = None,
    output_format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """List the groups of articles that re-tell one original report: origin, first seen,
    members and how each member relates (origin, copy, re-telling)."""
    store = open_store(db)
    index = update_groups(store, open_scenario(scenario_path))
    infos = store.article_infos()
    groups = index.groups()
    if output_format is TableOrJson.json:
        payload = [{
            "group": g.id, "origin": g.origin, "origin_credited": g.origin_credited,
            "first_seen": g.first_seen.isoformat() if g.first_seen else None,
            "members": [{"doc": m, "kind": g.kinds.get(m), "copy_of": g.copy_of.get(m),
                         "outlet": infos[m].outlet if m in infos else None,
                         "title": infos[m].title if m in infos else None}
                        for m in g.members],
        } for g in groups]
        out.file.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("group", "origin", "first seen", "articles", "members", show_lines=True,
                  title=f"{len(groups)} independent reports among {len(infos)} articles")
    for g in groups:
        members = "\n".join(_member_line(m, g.kinds.get(m, "?"), infos) for m in g.members)
        origin = (g.origin or "unknown") + ("" if g.origin_credited else " (earliest)")
        table.add_row(g.id, origin, str(g.first_seen or ""), str(len(g.members)), members)
    out.print(table)


def _member_line(doc: str, kind: str, infos: dict[str, ArticleInfo]) -> str:
    outlet = infos[doc].outlet if doc in infos else None
    return f"{doc} ({kind}, {outlet})" if outlet else f"{doc} ({kind})"


@app.command("groups")
def groups_command(
    db: DbOption = None,
    scenario_path: ScenarioOption = None,
    output_format: Annotated[str, typer.Option(
        "--format", help="jsonl: one {\"doc\", \"group\"} line per article.")] = "jsonl",
) -> None:
    """One line per article, {"doc": ID, "group": GROUP_ID}, for scoring the grouping."""
    if output_format != "jsonl":
        raise typer.BadParameter("only jsonl is supported", param_hint="--format")
    store = open_store(db)
    index = update_groups(store, open_scenario(scenario_path))
    for doc, group in sorted(index.group_map().items()):
        out.file.write(json.dumps({"doc": doc, "group": group}, ensure_ascii=False) + "\n")
