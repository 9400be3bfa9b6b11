"""`python -m stancemap.store.migrations upgrade|current|revision --db URL`."""

from __future__ import annotations

import argparse

from sqlalchemy import create_engine

from stancemap.store.migrate import current_revision, head_revision, new_revision, upgrade_schema


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m stancemap.store.migrations",
        description="Upgrade a store, show its revision, or write a new migration.")
    parser.add_argument("action", choices=["upgrade", "current", "revision"])
    parser.add_argument("--db", required=True, help="database URL")
    parser.add_argument("-m", "--message", default="schema change")
    args = parser.parse_args(argv)
    if args.action == "revision":
        new_revision(args.db, args.message)
        return
    engine = create_engine(args.db)
    try:
        if args.action == "upgrade":
            upgrade_schema(engine)
        with engine.connect() as connection:
            print(f"{current_revision(connection) or 'none'} (head: {head_revision()})")
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
