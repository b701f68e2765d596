"""The headline and standfirst of a page's whole text, which does not mark them.

A page's text runs: menu, headline, standfirst, byline and date, share buttons, a photo and its
caption, the article. The headline is among the headline-shaped units (HEADLINE_WORDS long) within
WINDOW units before the article region the page model finds, or at its first units, together with
captions, related stories, section names and account prompts; the standfirst is among the
STANDFIRST_AFTER units after the headline and before the article, together with bylines, dates and
photo captions. Each candidate is described by numbers (headline_rows, standfirst_rows): where it
stands, its shape, how many of its content words the article shares, the page model's beliefs about
it, and what stands around it (a byline and a date after a headline; a list of other headlines
around a related story). A picker's boosted trees (trees.py) believe each candidate; the most
believed one is picked if the belief reaches the picker's threshold: a wrong headline or standfirst
is worse than none, as the taggers read them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from worker.cleaning.features import Unit, content_words, log_odds, words_of
from worker.cleaning.trees import Trees

WINDOW = 30  # nearly every headline of the labelled pages lies within this many units of the article
INTO_REGION = 2  # the page model may take the headline and a line after it for the article's first units
HEADLINE_WORDS = (3, 30)
LEAD_UNITS = 3  # the article's first units: a headline's words come back in them
AROUND = 5  # units after a candidate read for a byline and a date; units before and after for a list
STANDFIRST_AFTER = 6  # nearly every standfirst of the labelled pages is within this many units after the headline
STANDFIRST_WORDS = (5, 80)
UNIT_CHARS = 5000  # no unit of the labelled pages' texts is longer than 1,890; a hostile 2 MB line is read in part
_CAPTION = re.compile(r"photograph|\bphotos?\b|image|credit|getty|shutterstock|\(ap\b|/ ?ap\b|reuters|illustration",
                      re.IGNORECASE)
_DATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\d{1,2}:\d\d|\b20\d\d\b"
                   r"|\b\d+ (?:hours?|mins?|minutes?|days?) ago|updated|published", re.IGNORECASE)
_PHOTO = re.compile(r"\b(?:is|are) seen\b|pictured|file photo|\(getty|via getty|/ getty", re.IGNORECASE)
_SECOND_PERSON = frozenset({"you", "your", "yours"})
HEADLINE_COLUMNS = (  # of a headline candidate's row
    # the unit itself
    "log_words", "ends_sentence", "ends_question", "ends_colon_or_bar", "capitalised_share", "article_share",
    "lead_share", "repeats", "digit_share", "has_separator", "second_person", "all_caps", "caption_words",
    # where it stands and what the page model believes of it
    "units_before_article", "candidate_rank", "first_belief", "final_belief", "in_region", "next_first_belief",
    # what stands around it
    "previous_words", "next_words", "next_is_byline", "byline_after", "date_after", "headlines_before",
    "headlines_after", "long_units_after",
    # against the page's other candidates
    "lead_share_below_best", "article_share_below_best", "lead_share_rank",
)
STANDFIRST_COLUMNS = (  # of a standfirst candidate's row
    "units_after_headline", "log_words", "ends_sentence", "caption_words", "photo_words", "date", "starts_by",
    "first_belief", "final_belief", "units_before_article", "headline_share", "lead_share",
    "digit_share", "capitalised_share", "byline_after", "date_after", "next_words", "has_brackets",
)


@dataclass(frozen=True)
class Picker:
    trees: Trees
    threshold: float

    def pick(self, candidates: list[int], rows: list[list[float]]) -> int | None:
        """The most believed candidate if believed enough, or None."""
        if not candidates:
            return None
        scores = self.trees.probabilities(np.array(rows))
        best = int(np.argmax(scores))
        return candidates[best] if scores[best] >= self.threshold else None

    def to_dict(self) -> dict:
        return {"trees": self.trees.to_dict(), "threshold": self.threshold}

    @classmethod
    def from_dict(cls, spec: dict) -> "Picker":
        return cls(Trees.from_dict(spec["trees"]), float(spec["threshold"]))


def headline_shaped(text: str) -> bool:
    words = len(text.split())
    return HEADLINE_WORDS[0] <= words <= HEADLINE_WORDS[1] and not text.endswith((".", ":", ";", ","))


def _texts(units: list[Unit]) -> list[str]:
    """Each unit's text as the pickers read it: its first UNIT_CHARS characters."""
    return [unit.text[:UNIT_CHARS] for unit in units]


def _inside(region: list[bool]) -> list[int]:
    """Indexes of the region's units."""
    return [i for i in range(region.index(True), len(region)) if region[i]]


def _words_of(texts: list[str], indexes: list[int]) -> set:
    """Content words of the units."""
    return set().union(*(content_words(texts[i]) for i in indexes))


def headline_rows(units: list[Unit], region: list[bool], first: list[float],
                  beliefs: list[float]) -> tuple[list[int], list[list[float]]]:
    """(indexes of the headline candidates, nearest the article first; a row of numbers for each)."""
    if True not in region:
        return [], []
    texts = _texts(units)
    inside = _inside(region)
    start, article, lead = inside[0], _words_of(texts, inside), _words_of(texts, inside[:LEAD_UNITS])
    repeats = Counter(texts)
    candidates, rows = [], []
    for i in range(min(len(units) - 1, start + INTO_REGION), max(-1, start - WINDOW - 1), -1):
        if not HEADLINE_WORDS[0] <= len(texts[i].split()) <= HEADLINE_WORDS[1]:
            continue
        own = content_words(texts[i])
        if not own:
            continue
        candidates.append(i)
        rows.append(_own_numbers(texts, i, own, article, lead, repeats) + [
            start - i, len(candidates), log_odds(first[i]), log_odds(beliefs[i]), float(region[i]),
            log_odds(first[i + 1]) if i + 1 < len(units) else 0.0] + _surroundings(texts, i))
    return candidates, _with_page_ranks(rows)


def _own_numbers(texts: list[str], i: int, own: set, article: set, lead: set, repeats: Counter) -> list[float]:
    text = texts[i].rstrip()
    raw = text.split()
    return [math.log(len(raw)), text.endswith((".", "!")), text.endswith("?"), text.endswith((":", ";", ",", "|")),
            sum(word[:1].isupper() for word in raw) / len(raw), len(own & article) / len(own),
            len(own & lead) / len(own), min(repeats[texts[i]], 5), sum(c.isdigit() for c in text) / len(text),
            "|" in text or " - " in text, bool(_SECOND_PERSON.intersection(words_of(text))), text.isupper(),
            bool(_CAPTION.search(text))]


def _surroundings(texts: list[str], i: int) -> list[float]:
    after = texts[i + 1:i + 1 + AROUND]
    before = texts[max(0, i - AROUND + 1):i]
    return [math.log1p(len(texts[i - 1].split())) if i else 0.0,
            math.log1p(len(after[0].split())) if after else 0.0,
            bool(after) and after[0].lower().startswith("by "),
            any(text.lower() == "by" or text.lower().startswith("by ") for text in after),
            any(_DATE.search(text) for text in after),
            sum(map(headline_shaped, before)), sum(map(headline_shaped, after)),
            sum(len(text.split()) >= 12 for text in after)]


_LEAD_SHARE = HEADLINE_COLUMNS.index("lead_share")
_ARTICLE_SHARE = HEADLINE_COLUMNS.index("article_share")


def _with_page_ranks(rows: list[list[float]]) -> list[list[float]]:
    """Each row with how its shares of the article's words compare with the page's best candidate's."""
    if not rows:
        return rows
    table = np.array(rows, dtype=float)
    lead, article = table[:, _LEAD_SHARE], table[:, _ARTICLE_SHARE]
    rank = (-lead).argsort(kind="stable").argsort(kind="stable")
    extra = np.column_stack([lead - lead.max(), article - article.max(), rank])
    return np.hstack([table, extra]).tolist()


def standfirst_rows(units: list[Unit], region: list[bool], first: list[float], beliefs: list[float],
                    headline: int) -> tuple[list[int], list[list[float]]]:
    """(indexes of the standfirst candidates after the headline unit and before the article region, in
    text order; a row of numbers for each). Only units the page model leaves out of the article are
    candidates: a standfirst picked inside it would be its first paragraph, taken from the body."""
    texts = _texts(units)
    inside = _inside(region)
    start, lead, title = inside[0], _words_of(texts, inside[:LEAD_UNITS]), content_words(texts[headline])
    candidates, rows = [], []
    for i in range(headline + 1, min(start, headline + 1 + STANDFIRST_AFTER)):
        text, words = texts[i], len(texts[i].split())
        if not STANDFIRST_WORDS[0] <= words <= STANDFIRST_WORDS[1]:
            continue
        own = content_words(text) or {""}
        after = texts[i + 1:i + 4]
        candidates.append(i)
        rows.append([
            i - headline, math.log(words), text.endswith((".", "!", "?", '"', "”")), bool(_CAPTION.search(text)),
            bool(_PHOTO.search(text)), bool(_DATE.search(text)), text.lower().startswith("by "),
            log_odds(first[i]), log_odds(beliefs[i]), start - i, len(own & title) / len(own),
            len(own & lead) / len(own), sum(c.isdigit() for c in text) / len(text),
            sum(word[:1].isupper() for word in text.split()) / words,
            any(line.lower() == "by" or line.lower().startswith("by ") for line in after),
            any(_DATE.search(line) for line in after), math.log1p(len(after[0].split())) if after else 0.0,
            "(" in text and ")" in text])
    return candidates, rows
