"""Ingest problems are values, not exceptions, so one bad record never stops a batch."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 5 * 1024 * 1024
# Longest source or reason printed: an error line names the record, it does not quote it.
MAX_LINE = 500

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(value: str, limit: int = MAX_LINE) -> str:
    """A value fit for one terminal line: control characters, line separators and lone
    surrogates (from undecodable file names) escaped, long values cut."""
    value = _UNPRINTABLE.sub(lambda m: ascii(m.group(0))[1:-1], value)
    return value if len(value) <= limit else value[:limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class IngestError:
    source: str  # file, file:line or URL
    reason: str

    def __post_init__(self) -> None:
        # Built from file names, URLs and parser messages, any of which can hold newlines.
        object.__setattr__(self, "source", one_line(self.source))
        object.__setattr__(self, "reason", one_line(self.reason))

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
