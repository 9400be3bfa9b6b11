"""The `stancemap` command: a thin layer over the library, one module per command group."""

from stancemap.cli.app import app

__all__ = ["app"]
