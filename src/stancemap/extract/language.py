"""Telling English articles from the rest when the record does not say."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202
    import py3langid

    return py3langid


def is_english(text: str) -> bool:
    """True unless the identifier is confident the text is in another language."""
    sample = text[:1500]
    if len(sample.split()) < 5:
        return True
    lang, _score = _identifier().classify(sample)
    return bool(lang == "en")
