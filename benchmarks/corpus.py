"""Synthetic corpora of any size made by perturbing the real corpus texts.

Each record is a real article's text with its sentences lightly reordered, its digits
changed and a unique reference line added, so every record has a distinct content hash
(nothing is deduplicated away) while length, vocabulary and language mix stay real.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

DEFAULT_SOURCE = Path("/work/shared/corpus/train.jsonl")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def load_records(source: Path = DEFAULT_SOURCE) -> list[dict]:
    with source.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def perturb(text: str, rng: random.Random, n: int) -> str:
    sentences = _SENTENCES.split(text)
    if len(sentences) > 3:
        i = rng.randrange(1, len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    out = " ".join(sentences)
    out = re.sub(r"\d", lambda m: str((int(m.group(0)) + rng.randint(0, 9)) % 10), out)
    return f"{out}\nReference {n}."


def records(n: int, *, source: Path = DEFAULT_SOURCE, seed: int = 1) -> Iterator[dict]:
    base = load_records(source)
    rng = random.Random(seed)
    for i in range(n):
        record = dict(base[i % len(base)])
        record["id"] = f"p{i:07d}"
        record["text"] = perturb(record["text"], rng, i)
        record.pop("query", None)
        yield record


def write_jsonl(path: Path, n: int, *, source: Path = DEFAULT_SOURCE) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records(n, source=source):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
