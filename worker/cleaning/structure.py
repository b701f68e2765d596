"""Headline and standfirst: which leading lines of a text are not body paragraphs."""

from __future__ import annotations

import re

from worker.cleaning import glue

_WORD = re.compile(r"\w+")
HEADLINE_MAX_WORDS = 30
STANDFIRST_MAX_WORDS = 60


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def same_headline(line: str, title: str) -> bool:
    """The line repeats the title (ignoring case, punctuation, and a cut-off end)."""
    a, b = _words(line), _words(title)
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return len(shorter) >= 0.8 * len(longer) and longer[:len(shorter)] == shorter


def looks_like_headline(line: str) -> bool:
    """Short, and not a finished sentence (a question may be a headline)."""
    return len(line.split()) <= HEADLINE_MAX_WORDS and not line.rstrip().endswith(('.', ':', ';', ','))


def looks_like_standfirst(line: str) -> bool:
    return len(line.split()) <= STANDFIRST_MAX_WORDS


def drop_repeated_headline(lines: list[str], title: str) -> tuple[list[str], list[str]]:
    """(lines without leading copies of the title, the copies)."""
    dropped = []
    while lines and len(dropped) < 2 and same_headline(lines[0], title):
        dropped.append(lines[0])
        lines = lines[1:]
    return lines, dropped


def glued_lead(line: str) -> str:
    """A standfirst glued to the first paragraph ("The dek.The first paragraph ..."): the first
    segment of a line glued at one point only, of a standfirst's length; or ""."""
    return split_glued_lead(line)[0]


def split_glued_lead(line: str) -> tuple[str, str]:
    """(glued_lead of the line, the rest of it); ("", line) when there is none."""
    parts = glue.segments(line)
    if len(parts) != 2:
        return "", line
    lead = parts[0].strip()
    if not 5 <= len(lead.split()) <= STANDFIRST_MAX_WORDS:
        return "", line
    return lead, parts[1].strip()
