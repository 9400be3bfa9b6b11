"""Small synthetic corpora for the reliability tests (no dependency on ../shared)."""

from __future__ import annotations

import json
import random
from pathlib import Path

_ACTORS = ["Russia", "Ukraine", "Kyiv", "Moscow", "President Trump", "The Kremlin",
           "Zelensky", "Putin", "European leaders", "Washington"]
_VERBS = ["demanded", "offered", "rejected", "accepted", "proposed", "insisted on",
          "refused", "called for"]
_ISSUES = ["a ceasefire along the front line", "security guarantees for Kyiv",
           "the withdrawal of troops from Donetsk", "an exchange of prisoners",
           "a cap on the size of the army", "elections before a truce",
           "sanctions relief", "talks in Istanbul next week"]


def record(number: int, seed: int = 0) -> dict[str, object]:
    rng = random.Random(seed * 100_003 + number)
    sentences = []
    for _ in range(rng.randint(3, 8)):
        sentences.append(f"{rng.choice(_ACTORS)} {rng.choice(_VERBS)} {rng.choice(_ISSUES)}"
                         f"{rng.choice(['', ', officials said', ', reportedly', ''])}.")
    text = f"Report number {number}. " + " ".join(sentences)
    return {"id": f"syn-{seed}-{number:05d}", "url": f"https://news.example/{seed}/{number}",
            "outlet": rng.choice(["news.example", "wire.example", None]),
            "title": f"Talks update {number}", "published": f"2025-{rng.randint(1, 12):02d}-"
                                                         f"{rng.randint(1, 28):02d}",
            "text": text}


def write_corpus(path: Path, numbers: range, seed: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for number in numbers:
            handle.write(json.dumps(record(number, seed), ensure_ascii=False) + "\n")
    return path
