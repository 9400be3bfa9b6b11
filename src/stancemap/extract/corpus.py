"""Reading corpus JSONL files (articles and gold statements) into records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from stancemap.models import Article


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def read_articles(path: Path) -> list[Article]:
    """Articles from the corpus fields id, url, outlet, title, published, text."""
    out = []
    for row in read_jsonl(path):
        pub = row.get("published")
        out.append(
            Article(
                id=row["id"],
                text=row["text"],
                title=row.get("title"),
                url=row.get("url"),
                outlet=row.get("outlet"),
                published=date.fromisoformat(pub) if pub else None,
            )
        )
    return out
