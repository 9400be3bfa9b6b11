"""Ingest problems are values, not exceptions, so one bad record never stops a batch."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class IngestError:
    source: str  # file, file:line or URL
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
