"""`stancemap serve`: the web dashboard over a store."""

from __future__ import annotations

from typing import Annotated

import typer

from stancemap.cli.app import app
from stancemap.cli.common import DbOption, ScenarioOption, err, fail, open_scenario, open_store
from stancemap.serve.security import LOOPBACK_HOSTS, is_loopback


def dashboard_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    return f"http://{shown}:{port}/"


@app.command("serve")
def serve_command(
    db: DbOption = None,
    scenario_path: ScenarioOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback "
                                           "needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="STANCEMAP_TOKEN", show_default=False,
        help="Access token that reviews and uploads need [env: STANCEMAP_TOKEN]; required "
             "when listening beyond loopback.")] = None,
    allow_local: Annotated[bool, typer.Option(
        "--allow-local", help="Let pasted URLs reach loopback or private addresses.")] = False,
) -> None:
    """Serve the dashboard: the map, issue timelines, articles with highlighted evidence,
    reviews, adding articles, and a JSON API under /api/."""
    import uvicorn

    from stancemap.serve import create_app
    from stancemap.store.provenance import current_group_map

    loopback = is_loopback(host)
    if not loopback and not token:
        fail(f"--host {host} exposes the dashboard beyond this machine: give --token "
             "(or STANCEMAP_TOKEN) so that only you can review and add articles")
    store = open_store(db)
    scenario = open_scenario(scenario_path)
    application = create_app(
        store, scenario, token=token, require_token=not loopback,
        # On loopback, refuse any other Host header: a DNS-rebinding page cannot reach us.
        allowed_hosts=LOOPBACK_HOSTS if loopback else None,
        allow_local_urls=allow_local,
        groups=lambda current: current_group_map(current, scenario),
    )
    err.print(f"stancemap dashboard for {store.url} at {dashboard_url(host, port)} "
              "(Ctrl-C stops it)", markup=False, highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")
