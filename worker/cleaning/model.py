"""The learned boilerplate model: linear passes over a text's units and boosted trees, stored as JSON.

Two models, one for a page's whole text (menus, link lists, footers around the article) and one
for article text (boilerplate sentences and paragraphs inside it). A text of many
units, mostly not sentences, is a page: the page model finds the article in it, and the article
model then cleans what is left. A model's first pass scores each unit from its own
features (features.unit_features); the page model's second pass rescores it from the first pass's
beliefs about it and its neighbours (features.context_features), which is how a menu line among
menu lines or a paragraph inside the article is told apart. The article model's second stage,
for text as it comes (not an extractor's), is boosted trees (trees.py) over the first pass's
beliefs about a unit and its neighbours and numbers that describe it (features.unit_numbers): a
sentence unrelated to the paragraphs around it, believed body by its words alone, is caught there.
A short text as it comes (fewer than SHORT_TEXT_UNITS units) has trees and a threshold of its own:
with few units to compare a unit with, it reads otherwise than a long one.
A page's text does not mark its headline and standfirst: pagelead.py picks them before the region.
The file is plain JSON (weights, tree arrays), read once per process and never written at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from worker.cleaning.features import (Unit, context_features, looks_like_page, rescoring_rows, text_facts,
                                      unit_features, unit_numbers)
from worker.cleaning.pagelead import Picker, headline_rows, standfirst_rows
from worker.cleaning.trees import Trees

MODEL_FILE = Path(__file__).with_name("model") / "boilerplate-model.json"
# 3: the article model may carry trees; 4: page headline and standfirst pickers; 5: a short text as
# it comes is judged by the trees too (no short-text threshold); 6: whether a unit names the publisher;
# 7: a short text as it comes has trees and a threshold of its own
FORMAT = "newsworker-boilerplate/7"
SHORT_TEXT_UNITS = 8  # fewer units make a short text: an extractor's stays whole; one as it comes has its own trees
WEIGHT_DIGITS = 4  # decimals a weight is stored with
WEIGHT_SCALE = 10 ** WEIGHT_DIGITS


@dataclass(frozen=True)
class LinearModel:
    weights: dict[str, float]
    _scaled: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # whole numbers add up exactly, so a unit's belief does not depend on the order of its set
        object.__setattr__(self, "_scaled", {name: round(w * WEIGHT_SCALE) for name, w in self.weights.items()})

    def probability(self, features: set[str]) -> float:
        z = sum(filter(None, map(self._scaled.get, features))) / WEIGHT_SCALE
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class TwoPass:
    units: LinearModel
    context: LinearModel | None  # None: the first pass alone
    threshold: float = 0.5
    extracted_threshold: float | None = None  # for an extractor's article text (None: `threshold`)
    article_features: bool = False  # features.unit_features(article=...)
    trees: Trees | None = None  # the article model's second stage, for text as it comes
    short_trees: Trees | None = None  # the same for a short text as it comes (None: `trees`)
    short_threshold: float | None = None  # and its threshold

    def body_probabilities(self, units: list[Unit], title: str = "", as_it_comes: bool = False,
                           publisher: frozenset = frozenset()) -> list[float]:
        """The probability that each unit belongs to the article body; for text `as_it_comes` (not
        an extractor's), the trees' when there are any. `publisher` (features.publisher_names of
        the article's source) is read in text as it comes only: an extractor's text has little
        furniture left, and its credit lines name the publisher ("Fox News' ... contributed")."""
        if not (as_it_comes and self.trees is not None and units):
            return self.both_passes(units, title)[1]
        facts = text_facts(units, title, publisher)
        first = [self.units.probability(f) for f in unit_features(units, title, self.article_features, facts)]
        rows = np.array(rescoring_rows(first, unit_numbers(units, facts)))
        trees = self.short_trees if self.is_short(len(units)) else self.trees
        return trees.probabilities(rows).tolist()

    def is_short(self, count: int) -> bool:
        """Whether a text as it comes of `count` units is judged by the short text's trees: with
        few units to compare a unit with, a text reads otherwise than a long one."""
        return count < SHORT_TEXT_UNITS and self.short_trees is not None

    def both_passes(self, units: list[Unit], title: str = "") -> tuple[list[float], list[float]]:
        """(the first pass's beliefs, the final ones)."""
        if not units:
            return [], []
        first = [self.units.probability(f) for f in unit_features(units, title, self.article_features)]
        if self.context is None:
            return first, first
        return first, [self.context.probability(f) for f in context_features(first)]

    def to_dict(self) -> dict:
        context = self.context.weights if self.context is not None else None
        spec = {"threshold": self.threshold, "units": self.units.weights, "context": context}
        if self.extracted_threshold is not None:
            spec["extracted_threshold"] = self.extracted_threshold
        if self.article_features:
            spec["article_features"] = True
        if self.trees is not None:
            spec["trees"] = self.trees.to_dict()
        if self.short_trees is not None:
            spec["short_trees"] = self.short_trees.to_dict()
            spec["short_threshold"] = self.short_threshold
        return spec


class PageReading(NamedTuple):
    region: list[bool] | None  # the article region of a page's text (None: not a page)
    headline: int | None = None  # the index of the page's headline unit
    standfirst: int | None = None  # the index of its standfirst unit


class Judgement(NamedTuple):
    keep: list[bool]  # whether each unit is body text
    headline: int | None = None  # the index of a page text's headline unit (not kept)
    standfirst: int | None = None  # the index of a page text's standfirst unit (not kept)
    beliefs: tuple[float, ...] = ()  # the article model's belief that each unit is body (0.0: outside the region)


@dataclass(frozen=True)
class Model:
    page: TwoPass
    article: TwoPass
    headline: Picker | None = None  # picks a page text's headline (None: none is picked)
    standfirst: Picker | None = None  # picks the standfirst after that headline

    @staticmethod
    def is_page(units: list[Unit]) -> bool:
        return looks_like_page(units)

    def keep(self, units: list[Unit], title: str = "", page: bool | None = None,
             extracted: bool = False, publisher: frozenset = frozenset()) -> list[bool]:
        """Whether each unit is body text (judge's verdicts)."""
        return self.judge(units, title, page, extracted, publisher).keep

    def judge(self, units: list[Unit], title: str = "", page: bool | None = None,
              extracted: bool = False, publisher: frozenset = frozenset()) -> Judgement:
        """Whether each unit is body text, and a page's headline and standfirst; `page` says whether
        the text is a whole page's (None: decide from the units), `extracted` whether it is an
        extractor's article text (which holds less boilerplate than text as it comes, so the bar to
        remove a unit differs; the article region the page model finds in a page's text is judged
        with the same bar); `publisher`: features.publisher_names of the article's source."""
        keep = [True] * len(units)
        threshold = self.article.threshold
        reading = self.read_page(units) if page or (page is None and self.is_page(units)) else PageReading(None)
        region = reading.region
        if region is not None:
            keep = region
            for lead in (reading.headline, reading.standfirst):
                if lead is not None:
                    keep[lead] = False
            if self.article.extracted_threshold is not None:  # the region is extracted article text
                threshold = self.article.extracted_threshold
        elif extracted and self.article.extracted_threshold is not None:
            threshold = self.article.extracted_threshold
        elif not extracted and self.article.is_short(len(units)):
            threshold = self.article.short_threshold
        kept = [i for i, k in enumerate(keep) if k]
        article = [units[i] for i in kept]
        beliefs = self.article.body_probabilities(article, title, region is None and not extracted, publisher)
        believed = [0.0] * len(units)
        for i, p in zip(kept, beliefs):
            keep[i], believed[i] = p >= threshold, p
        return Judgement(keep, reading.headline, reading.standfirst, tuple(believed))

    def read_page(self, units: list[Unit]) -> PageReading:
        """The article region the page model finds in a page's text, and the page's headline and
        standfirst (pagelead.py). The region is None when it has no page furniture (menus before
        it, footers after it) on both sides: then the text is an article of many short lines (a
        list, letters signed with names and towns), not a page."""
        first, beliefs = self.page.both_passes(units)  # a page's text comes without a title
        region = page_region(units, first, beliefs, self.page.threshold)
        if not framed(region):
            return PageReading(None)
        headline = standfirst = None
        if self.headline is not None:
            headline = self.headline.pick(*headline_rows(units, region, first, beliefs))
        if headline is not None and self.standfirst is not None:
            standfirst = self.standfirst.pick(*standfirst_rows(units, region, first, beliefs, headline))
        return PageReading(region, headline, standfirst)

    def to_dict(self) -> dict:
        spec = {"format": FORMAT, "page": self.page.to_dict(), "article": self.article.to_dict()}
        for name, picker in (("headline", self.headline), ("standfirst", self.standfirst)):
            if picker is not None:
                spec[name] = picker.to_dict()
        return spec


PAGE_FRAME_UNITS = 3  # every page text of the labelled pages has 7 or more on each side


def framed(region: list[bool]) -> bool:
    """Whether at least PAGE_FRAME_UNITS units lie outside the region at each end (true of an
    empty region: nothing is known of it)."""
    if True not in region:
        return True
    before = region.index(True)
    after = region[::-1].index(True)
    return min(before, after) >= PAGE_FRAME_UNITS


def page_region(units: list[Unit], first: list[float], beliefs: list[float], threshold: float) -> list[bool]:
    """The article region of a page by the final beliefs; by the units' own beliefs when the
    final ones find none (a short article among menus: its neighbours pull it down)."""
    keep = article_region(units, beliefs, threshold)
    return keep if any(keep) else article_region(units, first, threshold)


def article_region(units: list[Unit], beliefs: list[float], threshold: float) -> list[bool]:
    """Units of the article in a page's text: those believed body inside the one stretch of the
    page where belief, weighted by length, adds up most (Kadane's maximum-sum run)."""
    return region_of([max(1, len(unit.text.split())) for unit in units], beliefs, threshold)


def region_of(weights: list[int], beliefs: list[float], threshold: float) -> list[bool]:
    """article_region over units of the given weights (their lengths in words, at least 1)."""
    best, best_range, running, start = 0.0, (0, 0), 0.0, 0
    for i, (weight, p) in enumerate(zip(weights, beliefs)):
        if running <= 0:
            running, start = 0.0, i
        running += (p - threshold) * weight
        if running > best:
            best, best_range = running, (start, i + 1)
    lo, hi = best_range
    return [lo <= i < hi and p >= threshold for i, p in enumerate(beliefs)]


def _two_pass(spec: dict) -> TwoPass:
    context = LinearModel(spec["context"]) if spec.get("context") is not None else None
    trees, short_trees = (Trees.from_dict(spec[name]) if spec.get(name) is not None else None
                          for name in ("trees", "short_trees"))
    return TwoPass(LinearModel(spec["units"]), context, spec.get("threshold", 0.5), spec.get("extracted_threshold"),
                   spec.get("article_features", False), trees, short_trees, spec.get("short_threshold"))


def from_dict(spec: dict) -> Model:
    if spec.get("format") != FORMAT:
        raise ValueError(f"not a boilerplate model file of format {FORMAT}")
    headline, standfirst = (Picker.from_dict(spec[name]) if spec.get(name) is not None else None
                            for name in ("headline", "standfirst"))
    return Model(_two_pass(spec["page"]), _two_pass(spec["article"]), headline, standfirst)


@lru_cache(maxsize=4)
def load(path: str | Path = MODEL_FILE) -> Model:
    """The shipped model (cached: it is read once per process)."""
    return from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
