"""Export a whole store to JSON Lines and import it back, exactly.

The file is one header line, then one line per row: `{"type": "<section>", ...columns}`.
Sections come from a registry, in dependency order (articles before the statements that
cite them), so modules that add tables (analyst reviews keyed by statement id, provenance
groups) register a `Section` and are exported and imported with everything else:

    register_section(Section("review", ReviewRow, order=30))

Statement ids are kept, so anything that refers to a statement by id survives the trip.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase

from stancemap import __version__
from stancemap.store.database import Store
from stancemap.store.schema import ArticleRow, StatementRow

FORMAT = "stancemap-export"
FORMAT_VERSION = 1
_BATCH = 500


class ImportError_(Exception):  # noqa: N801 - "ImportError" is a builtin
    """A line of an export file that cannot be imported; the message names the line."""


@dataclass(frozen=True, slots=True)
class Section:
    """One table in the export: every column, in primary-key order."""

    name: str
    table: type[DeclarativeBase]
    order: int

    @property
    def columns(self) -> list[Any]:
        return list(self.table.__table__.columns)

    def primary_key(self) -> list[Any]:
        return list(self.table.__table__.primary_key.columns)  # type: ignore[attr-defined]


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.name] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))


register_section(Section("article", ArticleRow, order=10))
register_section(Section("statement", StatementRow, order=20))


# -- values -----------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        # Binary columns (e.g. provenance signatures) travel as base64 text.
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(column: Any, value: Any) -> Any:
    """The column's Python value from its JSON form; ValueError names what is wrong."""
    if value is None:
        if not column.nullable and not column.primary_key:
            raise ValueError(f"'{column.name}' may not be null")
        return None
    kind = column.type
    if isinstance(kind, LargeBinary):
        if not isinstance(value, str):
            raise ValueError(f"'{column.name}' is not base64 text")
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            raise ValueError(f"'{column.name}' is not base64 text") from None
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise ValueError(f"'{column.name}' is not a timestamp")
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise ValueError(f"'{column.name}' is not a date")
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError(f"'{column.name}' is not true/false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"'{column.name}' is not an integer")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"'{column.name}' is not a number")
        return float(value)
    python_type: Any
    try:
        python_type = kind.python_type
    except NotImplementedError:
        python_type = None
    if python_type is str and not isinstance(value, str):
        raise ValueError(f"'{column.name}' is not a string")
    if python_type is dict and not isinstance(value, dict):
        raise ValueError(f"'{column.name}' is not an object")
    return value


# -- export -----------------------------------------------------------------------------


def export_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Header first, then every row of every section, streamed in primary-key order."""
    names = [s.name for s in sections()]
    yield {"type": FORMAT, "version": FORMAT_VERSION, "stancemap": __version__,
           "sections": names}
    # One read transaction for the whole export, so a backup taken while `ingest` or
    # `extract` runs is one consistent snapshot (WAL readers do not block the writer).
    with store.session() as session:
        for section in sections():
            columns = section.columns
            query = select(*columns).order_by(*section.primary_key())
            # Streamed in batches from one cursor, so memory stays flat on large stores.
            for row in session.execute(query.execution_options(yield_per=_BATCH)):
                record: dict[str, Any] = {"type": section.name}
                for column, value in zip(columns, row, strict=True):
                    record[column.name] = _to_json(value)
                yield record


def export_jsonl(store: Store, out: IO[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in export_rows(store):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        if record["type"] != FORMAT:
            counts[record["type"]] = counts.get(record["type"], 0) + 1
    return counts


# -- import -----------------------------------------------------------------------------


def _is_empty(store: Store) -> bool:
    with store.session() as session:
        for section in sections():
            if session.scalar(select(func.count()).select_from(section.table)):
                return False
    return True


def import_jsonl(store: Store, lines: Iterable[str], *, name: str = "import") -> dict[str, int]:
    """Load an export into an empty store in one transaction: all of it or, on the first bad
    line (ImportError_ naming it), none of it."""
    if not _is_empty(store):
        raise ImportError_(f"{name}: the store at {store.url} is not empty; import needs an "
                           "empty store")
    counts: dict[str, int] = {}
    pending: dict[str, list[dict[str, Any]]] = {}
    order = {s.name: s.order for s in sections()}
    highest = 0  # order of the last section seen, so rows never precede what they cite
    try:
        _load(store, lines, name, counts, pending, order, highest)
    except IntegrityError as exc:
        detail = str(exc.orig).splitlines()[0] if exc.orig else exc.__class__.__name__
        raise ImportError_(f"{name}: rows clash or refer to missing rows ({detail}); "
                           "nothing was imported") from None
    return counts


def _load(store: Store, lines: Iterable[str], name: str, counts: dict[str, int],
          pending: dict[str, list[dict[str, Any]]], order: dict[str, int],
          highest: int) -> None:
    with store.writing() as session:

        def flush(section_name: str) -> None:
            rows = pending.pop(section_name, [])
            if rows:
                session.execute(insert(_SECTIONS[section_name].table), rows)

        header_seen = False
        for number, line in enumerate(lines, 1):
            where = f"{name}:{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportError_(f"{where}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise ImportError_(f"{where}: not a JSON object")
            kind = record.get("type")
            if not header_seen:
                if kind != FORMAT:
                    raise ImportError_(f"{where}: not a stancemap export (no header line)")
                if record.get("version") != FORMAT_VERSION:
                    raise ImportError_(f"{where}: export format version "
                                       f"{record.get('version')!r}, this stancemap reads "
                                       f"{FORMAT_VERSION}")
                header_seen = True
                continue
            section = _SECTIONS.get(kind) if isinstance(kind, str) else None
            if section is None:
                raise ImportError_(f"{where}: unknown row type {kind!r} (this stancemap "
                                   f"knows {', '.join(order)})")
            if order[section.name] < highest:
                raise ImportError_(f"{where}: a {section.name} row after later sections")
            if order[section.name] > highest:
                for earlier in list(pending):
                    flush(earlier)
                highest = order[section.name]
            values: dict[str, Any] = {}
            known = {c.name for c in section.columns}
            unknown = sorted(set(record) - known - {"type"})
            if unknown:
                raise ImportError_(f"{where}: unknown {section.name} field(s) "
                                   f"{', '.join(unknown)}")
            for column in section.columns:
                if column.name not in record and not column.nullable \
                        and not column.primary_key:
                    raise ImportError_(f"{where}: {section.name} has no '{column.name}'")
                try:
                    values[column.name] = _from_json(column, record.get(column.name))
                except ValueError as exc:
                    raise ImportError_(f"{where}: {exc}") from None
            pending.setdefault(section.name, []).append(values)
            counts[section.name] = counts.get(section.name, 0) + 1
            if len(pending[section.name]) >= _BATCH:
                flush(section.name)
        if not header_seen:
            raise ImportError_(f"{name}: empty file, not a stancemap export")
        for remaining in list(pending):
            flush(remaining)
        if store.dialect == "postgresql":
            # Explicit ids do not advance a serial's sequence; the next insert would collide.
            for section in sections():
                for column in section.primary_key():
                    if isinstance(column.type, Integer) and column.autoincrement is not False:
                        table = section.table.__tablename__
                        session.execute(text(
                            "SELECT setval(pg_get_serial_sequence(:t, :c), "
                            f"COALESCE((SELECT MAX({column.name}) FROM {table}), 1))"),
                            {"t": table, "c": column.name})
