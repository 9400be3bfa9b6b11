"""Reading corpus JSONL files (articles and gold statements) into records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stancemap.ingest.errors import IngestError
from stancemap.ingest.files import read_jsonl as read_records
from stancemap.models import Article


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_articles(path: Path) -> list[Article]:
    """Articles of a corpus file, read exactly as `stancemap ingest` reads them, so that
    training and benchmarks see the texts the CLI stores. A bad record is an error here:
    training data must be whole."""
    out = []
    for item in read_records(path):
        if isinstance(item, IngestError):
            raise ValueError(str(item))
        out.append(item)
    return out
