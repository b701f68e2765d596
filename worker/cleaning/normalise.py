"""Unicode and whitespace normalisation of article text."""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi control characters, plus C0/C1 controls other than tab and newline.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def normalise_text(text: str) -> str:
    """NFC, invisible characters out, line endings unified, runs of spaces collapsed, lines trimmed."""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def lines_of(text: str) -> list[str]:
    """Non-empty lines of normalised text."""
    return [line for line in normalise_text(text).split("\n") if line]
