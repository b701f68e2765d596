"""Unicode and whitespace normalisation of article text."""

from __future__ import annotations

import re
import unicodedata

import ftfy

# Zero-width and bidi control characters, plus C0/C1 controls other than tab and newline.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Runs of spaces that change when collapsed to one " ": two or more, or any other space character
# (a lone " " is left alone, so common text costs no replacements).
_SPACE = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_SPACES = re.compile(f"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{_SPACE}*| {_SPACE}+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_LINE_BREAK_CHARS = ("\r", "\u2028", "\u2029", "\x85")
# UTF-8 read as Latin-1 / Windows-1252 shows a lead byte (Â..ô) followed by a continuation byte
# (U+0080..U+00BF, or the Windows-1252 characters in that range); HTML entities are the other
# damage ftfy repairs. Lines with neither skip ftfy, which costs 1-10 ms per article.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_ENTITY = re.compile(r"&#?\w{1,10};")


def _damaged(text: str) -> bool:
    return _MOJIBAKE.search(text) is not None or ("&" in text and _ENTITY.search(text) is not None)


# ftfy costs some 20 microseconds a line: a text of 100,000 damaged lines would take two seconds
REPAIRED_LINES = 2000


def repair(text: str) -> str:
    """Mojibake and stray HTML entities fixed, in the first REPAIRED_LINES lines that show them (no
    article has that many); curly quotes kept."""
    if not _damaged(text):
        return text
    lines = text.split("\n")
    left = REPAIRED_LINES
    for i, line in enumerate(lines):
        if _damaged(line):
            lines[i] = ftfy.fix_text(line, uncurl_quotes=False, normalization=None)
            left -= 1
            if not left:
                break
    return "\n".join(lines)


# What a page tells screen readers about a link, which a page's text (innerText) keeps: "the index
# (.GSPTSE), opens new tab on Friday", "Sunday TimesOpens in new window", "(opens in a new tab)".
# Each alternative is of bounded length: a linear scan.
_LINK_NOTICE = re.compile(r", [Oo]pens (?:in )?(?:a )?new (?:tab|window)\b"
                          r"| ?\((?:[Ll]ink )?[Oo]pens (?:in )?(?:a )?new (?:tab|window)\)"
                          r"|(?<=[a-z])Opens in (?:a )?new (?:tab|window)\b")


def _without_link_notices(text: str) -> str:
    if "new tab" in text or "new window" in text:
        return _LINK_NOTICE.sub("", text)
    return text


def normalise_text(text: str) -> str:
    """Repaired, NFC, invisible characters and screen readers' link notices out, line endings
    unified, runs of spaces collapsed, lines trimmed."""
    if any(char in text for char in _LINE_BREAK_CHARS):
        text = _LINE_BREAKS.sub("\n", text)
    text = _without_link_notices(_INVISIBLE.sub("", repair(text)))
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text))
    return "\n".join(line.strip() for line in text.split("\n"))


def lines_of(text: str) -> list[str]:
    """Non-empty lines of normalised text."""
    return [line for line in normalise_text(text).split("\n") if line]
