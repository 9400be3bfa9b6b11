"""Resolving when a stance was expressed from the words of its sentence."""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_ALT})\b\.?(?:,?\s+(\d{{4}}))?", re.I
)
_WEEKDAY = re.compile(
    r"\b(on|last|this past|late on|early on)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I
)
_RELATIVE = re.compile(r"\b(today|yesterday|tonight|this morning|earlier today)\b", re.I)


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(sentence: str, published: date | None) -> date | None:
    """The day a sentence dates its stance to, or None if no day is clear.

    A bare weekday is read as the latest such day up to the publication date (news
    reports speak of the past week); explicit dates without a year take the year that
    puts them closest before publication.
    """
    m = _MONTH_DAY.search(sentence)
    if m:
        month, day, year = _MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3)
        return _with_year(month, day, year, published)
    m = _DAY_MONTH.search(sentence)
    if m:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], m.group(3)
        return _with_year(month, day, year, published)
    if published is None:
        return None
    m = _WEEKDAY.search(sentence)
    if m:
        target = _WEEKDAYS.index(m.group(2).lower())
        back = (published.weekday() - target) % 7
        if back == 0 and m.group(1).lower() == "last":
            back = 7  # "last Monday" in a Monday paper is a week ago
        return published - timedelta(days=back)
    m = _RELATIVE.search(sentence)
    if m:
        word = m.group(1).lower()
        return published - timedelta(days=1) if word == "yesterday" else published
    return None


def _with_year(month: int, day: int, year: str | None, published: date | None) -> date | None:
    if year:
        return _safe(int(year), month, day)
    if published is None:
        return None
    guess = _safe(published.year, month, day)
    if guess and guess > published + timedelta(days=7):
        guess = _safe(published.year - 1, month, day)
    return guess
