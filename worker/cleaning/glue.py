"""Glued boundaries: two texts concatenated without a space, as in "difference.Britain".

Scrapers that drop block boundaries glue a boilerplate box's last sentence to the first sentence
of the body. Splitting at these points lets the boilerplate half be judged on its own.
"""

from __future__ import annotations

import re

# A lower-case letter, digit, percent sign or closing bracket, sentence punctuation, an optional
# closing quote, then a capital letter, possibly after an opening quote or bracket. Every alternative is a
# fixed-width look-around: no quantifier at all, so the scan is linear.
GLUE = re.compile(r"(?<=[a-z0-9%)][.!?])(?=[\"“‘\[(]?[A-Z])|(?<=[a-z0-9%][.!?][\"”’)])(?=[\"“‘\[(]?[A-Z])")

# What every glue point has around it, as a pattern that starts with a character class: `re`
# skips to such a pattern's candidates fast, where a look-behind is tried at every position.
# It also matches text GLUE does not ("U.S.A"), so it only picks the lines GLUE then splits.
MAYBE_GLUED = re.compile(r"[.!?][\"”’)]?[\"“‘\[(]?[A-Z]")


def segments(paragraph: str) -> list[str]:
    """The paragraph cut at its glued boundaries (a single item when there are none)."""
    return [part for part in GLUE.split(paragraph) if part]


def join(parts: list[str]) -> str:
    """Kept segments back into one paragraph, with the missing space restored."""
    return " ".join(part.strip() for part in parts if part.strip())
