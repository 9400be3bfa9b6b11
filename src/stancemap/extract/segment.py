"""Cutting an article into the paragraphs worth parsing, with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATE_LINE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\b")
_WORD = re.compile(r"[A-Za-z]{2,}")
# "- recognition of ...", "1. Withdrawal of ...", "• a ceasefire ...": an item of a list.
_LIST_MARK = re.compile(r"^(?:[-–—•*▪●]\s+|\(?\d{1,2}[.)]\s+|\(?[a-h]\)\s+)")


@dataclass(frozen=True, slots=True)
class Block:
    start: int  # offset of the block in the article text
    text: str
    is_heading: bool  # a line without final punctuation: a headline or sub-headline
    is_list_item: bool = False  # a line opened by a bullet or a number, or closed by ";"


def blocks(text: str, min_words: int = 4) -> list[Block]:
    """Non-empty lines that read like prose or headings; navigation and captions dropped.

    Each line is parsed on its own because scraped pages rarely end a headline with a
    full stop, and the sentence splitter would glue it to the next paragraph.
    """
    out: list[Block] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        m = _DATE_LINE.match(line)
        if m:
            # The stored copies open with " date YYYY-MM-DD"; keep what follows it.
            offset = m.end()
            line = line[offset:]
            start += offset
            stripped = line.strip()
            if not stripped:
                continue
        if len(_WORD.findall(stripped)) < min_words:
            continue
        if stripped.startswith(("![", "http", "|")) or stripped.count("|") >= 2:
            continue
        lead = len(line) - len(line.lstrip())
        body = line.strip()
        is_heading = body[-1] not in '.!?”"’:;)' and len(body) < 160
        # "... the following terms:" / "withdrawal from four regions;" / "neutrality;":
        # a list may be set out as paragraphs closed by semicolons, with no bullets.
        is_item = bool(_LIST_MARK.match(body)) or body.endswith(";")
        out.append(Block(start + lead, body, is_heading and not is_item, is_item))
    return out


def stated_date(text: str) -> str | None:
    """The YYYY-MM-DD of a leading " date ..." line, if the stored copy has one."""
    for line in text.split("\n", 3)[:3]:
        m = _DATE_LINE.match(line)
        if m:
            return m.group(1)
    return None
