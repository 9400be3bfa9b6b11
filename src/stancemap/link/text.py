"""Text clean-up shared by the provenance features: stored pages carry a leading
` date YYYY-MM-DD` line, navigation crumbs and odd whitespace that must not count as
content when comparing two articles."""

from __future__ import annotations

import re
from datetime import date

_LEADING_DATE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b")
_WORD = re.compile(r"\w+(?:[’'.,-]\w+)*", re.UNICODE)


def leading_date(text: str) -> date | None:
    """The date of a stored page's ` date YYYY-MM-DD` line, if it has one."""
    m = _LEADING_DATE.match(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def body(text: str) -> str:
    """The text without the stored page's date line; kept otherwise verbatim so offsets of
    quotes and credits stay meaningful for a reader."""
    m = _LEADING_DATE.match(text)
    return text[m.end() :] if m else text


def words(text: str) -> list[str]:
    """Lower-cased word tokens; numbers keep their inner separators ("600,000")."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def shingles(tokens: list[str], size: int) -> set[str]:
    """Word n-grams; a text shorter than `size` words is one shingle so it still hashes."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def lead(text: str, chars: int, min_words: int = 8) -> str:
    """The first `chars` characters from the first line that reads as prose. Stored pages
    open with menus, bylines and "Breaking News" crumbs whose words name the site, not
    the event, and would make two re-tellings of one report look unrelated."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if len(line.split()) >= min_words:
            break
        offset += len(line)
    else:
        offset = 0
    return text[offset : offset + chars]
