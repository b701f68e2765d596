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


# What follows a point GLUE finds inside an address, not between two texts: the rest of an e-mail
# address ("Anders.|Hagstrom@fox.com") or a web address's last label ("Dailymail.|Com",
# "WorldTruth.|TV."), at the part's start. Each part is read once, from its start: linear.
_ADDRESS_REST = re.compile(r"[\w.+-]*@\w|(?:com|org|net|tv)(?=[/:?#]|$|[.,;!?)](?:\s|$))", re.IGNORECASE)


def segments(paragraph: str) -> list[str]:
    """The paragraph cut at its glued boundaries (a single item when there are none); not inside
    an e-mail or web address."""
    runs: list[list[str]] = []  # the pieces of each part, joined once at the end: linear in the paragraph
    for piece in GLUE.split(paragraph):
        if runs and (_ADDRESS_REST.match(piece) or _ends_in_www(runs[-1][-1])):
            runs[-1].append(piece)
        elif piece:
            runs.append([piece])
    return ["".join(run) for run in runs]


def _ends_in_www(text: str) -> bool:
    return text[-4:].lower() == "www." and (len(text) == 4 or text[-5].isspace())


def join(parts: list[str]) -> str:
    """Kept segments back into one paragraph, with the missing space restored."""
    return " ".join(part.strip() for part in parts if part.strip())
