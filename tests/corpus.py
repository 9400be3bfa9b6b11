"""Small synthetic corpora for the scale tests: varied enough that statements differ."""

from __future__ import annotations

import random

from stancemap.models import Article

_ACTORS = ["Russia", "Moscow", "Ukraine", "Kyiv", "the United States", "NATO", "Beijing"]
_VERBS = ["demanded", "offered", "rejected", "accepted", "proposed", "discussed"]
_OBJECTS = ["control of Donbas", "a ceasefire", "security guarantees", "sanctions relief",
            "recognition of Crimea", "a prisoner exchange", "talks in Istanbul"]


def make_articles(n: int, seed: int = 7, prefix: str = "s") -> list[Article]:
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        sentences = [f"{rng.choice(_ACTORS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."
                     for _ in range(rng.randint(2, 6))]
        text = f"Report {prefix}{i} on the talks. " + " ".join(sentences)
        articles.append(Article(id=f"{prefix}{i:04d}", text=text, title=f"Report {i}",
                                language="en"))
    return articles
