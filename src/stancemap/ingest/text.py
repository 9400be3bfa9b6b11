"""Turning raw bytes into trustworthy text: encoding, binary detection, language."""

from __future__ import annotations

import re
import unicodedata

import py3langid

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates come from JSON escapes like "\\ud800" or undecodable file names; no
# database can store them as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A run of letters in any script; language id on fewer letters than this is a guess.
_MIN_LETTERS_FOR_LANGID = 40


class TextError(ValueError):
    """Bytes that are not usable article text; the message is the reason."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) only; anything else is reported rather than guessed,
    because a wrong guess would store mojibake that the extractor then misreads."""
    if not data.strip():
        raise TextError("empty")
    if b"\x00" in data[:8192]:
        raise TextError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    return clean_text(text)


def clean_text(text: str) -> str:
    """Drop control characters (but keep newlines and tabs), replace lone surrogates and
    normalise to NFC."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text)


def clean_field(value: str | None, limit: int) -> str | None:
    """A one-line metadata value (title, outlet, URL): cleaned, whitespace collapsed, cut to
    what the column holds; None when nothing is left."""
    if value is None:
        return None
    value = " ".join(clean_text(value).split())
    return value[:limit] or None


def path_text(value: str) -> str:
    """A file path as storable text: bytes that were not UTF-8 become U+FFFD."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:4096]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "Cs"))
    return odd / len(sample) > 0.05


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text, or None when there is too little text to tell."""
    sample = text[:3000]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS_FOR_LANGID:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
