"""Unicode and whitespace normalisation of article text."""

from __future__ import annotations

import re
import unicodedata

import ftfy

# Zero-width and bidi control characters, plus C0/C1 controls other than tab and newline.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# UTF-8 read as Latin-1 / Windows-1252 shows a lead byte (Â..ô) followed by a continuation byte
# (U+0080..U+00BF, or the Windows-1252 characters in that range); HTML entities are the other
# damage ftfy repairs. Text with neither skips ftfy, which costs 1-10 ms per article.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|&#?\\w{1,10};")


def repair(text: str) -> str:
    """Mojibake and stray HTML entities fixed; curly quotes kept."""
    if not _SUSPECT.search(text):
        return text
    return ftfy.fix_text(text, uncurl_quotes=False, normalization=None)


def normalise_text(text: str) -> str:
    """Repaired, NFC, invisible characters out, line endings unified, runs of spaces collapsed,
    lines trimmed."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", _INVISIBLE.sub("", repair(text))))
    return "\n".join(line.strip() for line in text.split("\n"))


def lines_of(text: str) -> list[str]:
    """Non-empty lines of normalised text."""
    return [line for line in normalise_text(text).split("\n") if line]
