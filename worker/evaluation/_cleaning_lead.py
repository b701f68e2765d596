"""Fitting the pickers of a page's headline and standfirst (worker.cleaning.pagelead) on the
labelled pages' whole texts.

A candidate is labelled the headline (the standfirst) when at least MATCH of its words are words
of the page's reference headline (standfirst) and at least MATCH of the reference's words are its
words. The references are the gold title and summary of a training page; a development page has
neither, so they are the headline the page declares in its markup (JSON-LD, Open Graph, <h1>:
cleaning.metadata) and the standfirst the stage finds there (the standfirst expressions of
boilerplate.json), which its whole text does not show. Standfirst candidates are taken after the
headline that the fitted headline picker picks, as the stage takes them. The trees are those of
the article model's second stage (same settings); a picker's threshold is the one of THRESHOLDS with
the best F-beta of the picks on out-of-fold beliefs (precision: right picks among picks; recall:
right picks among pages whose candidates hold the reference). Beta is below 1 because a wrong
headline or standfirst is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from trafilatura.utils import load_html

from worker.cleaning import html, metadata, rules
from worker.cleaning.features import Unit, looks_like_page, words_of
from worker.cleaning.model import TwoPass, framed, page_region
from worker.cleaning.normalise import lines_of
from worker.cleaning.pagelead import Picker, headline_rows, standfirst_rows
from worker.cleaning.units import split_lines
from worker.evaluation._cleaning_data import raw_input
from worker.evaluation._cleaning_thresholds import f_beta
from worker.evaluation._cleaning_trees import fit_trees, out_of_fold

MATCH = 0.6
BETA = 0.5
INNER_FOLDS = 5
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 20))


@dataclass
class PageText:
    """A labelled page's whole text, as the stage reads it."""
    publisher: str
    units: list[Unit]
    headline: np.ndarray  # whether each unit is the page's headline
    standfirst: np.ndarray  # whether each unit is the page's standfirst


class Candidates(NamedTuple):
    publisher: str
    indexes: list[int]
    rows: list[list[float]]
    labels: np.ndarray


def references(page: dict) -> tuple[str, str]:
    """(the page's reference headline, its reference standfirst; "" where it has none): the gold
    ones, else those its markup declares, read from one parse of the page."""
    headline, standfirst = page.get("title", ""), page.get("summary", "")
    if headline:  # a page with a gold title has a gold summary, maybe empty
        return headline, standfirst
    tree = load_html(page["html"])
    if tree is None:
        return "", standfirst
    if not standfirst:
        ruleset = rules.load()
        found = html.standfirsts(tree, ruleset.standfirst, ruleset.standfirst_words)
        standfirst = found[0] if found else ""
    return metadata.extract(tree)[0], standfirst


def same_text(text: str, reference: str) -> bool:
    own, other = words_of(text), words_of(reference)
    if not own or not other:
        return False
    own_set, other_set = set(own), set(other)
    return (sum(w in other_set for w in own) >= MATCH * len(own)
            and sum(w in own_set for w in other) >= MATCH * len(other))


def page_texts(pages: list[dict]) -> list[PageText]:
    """The whole texts of the pages that the stage judges as pages."""
    texts = []
    for page in pages:
        units, _ = split_lines(lines_of(raw_input(page, "text")["text"]))
        if looks_like_page(units):
            headline, standfirst = references(page)
            texts.append(PageText(page["publisher"], units,
                                  np.array([same_text(unit.text, headline) for unit in units], dtype=bool),
                                  np.array([same_text(unit.text, standfirst) for unit in units], dtype=bool)))
    return texts


def fit_pickers(texts: list[PageText], page: TwoPass, leave_out: frozenset) -> tuple[Picker, Picker]:
    """The headline and standfirst pickers fitted on the texts of every publisher not left out, over
    the candidates that `page` (the page model fitted on the same publishers) gives."""
    read = []  # (text, (region, first pass's beliefs, final beliefs)) of the texts with a framed region
    for text in texts:
        if text.publisher not in leave_out:
            first, beliefs = page.both_passes(text.units)
            region = page_region(text.units, first, beliefs, page.threshold)
            if framed(region):
                read.append((text, (region, first, beliefs)))
    headlines = [_candidates(text.publisher, headline_rows(text.units, *reading), text.headline)
                 for text, reading in read]
    headline = _fit(headlines)
    standfirsts = []
    for (text, reading), candidates in zip(read, headlines):
        at = headline.pick(candidates.indexes, candidates.rows)
        if at is not None:
            standfirsts.append(_candidates(text.publisher, standfirst_rows(text.units, *reading, at), text.standfirst))
    return headline, _fit(standfirsts)


def _candidates(publisher: str, found: tuple[list[int], list[list[float]]], labels: np.ndarray) -> Candidates:
    indexes, rows = found
    return Candidates(publisher, indexes, rows, labels[indexes])


def _fit(found: list[Candidates]) -> Picker:
    """Trees on every page's candidates, and the threshold on out-of-fold beliefs (inner folds of publishers)."""
    found = [c for c in found if c.indexes]
    rows = np.array([row for c in found for row in c.rows])
    labels = np.concatenate([c.labels for c in found])
    weights = np.ones(len(labels))
    fold_of = {p: i % INNER_FOLDS for i, p in enumerate(sorted({c.publisher for c in found}))}
    folds = np.array([fold_of[c.publisher] for c in found for _ in c.indexes])
    beliefs = np.split(out_of_fold(rows, labels, weights, folds), np.cumsum([len(c.indexes) for c in found])[:-1])
    return Picker(fit_trees(rows, labels, weights), _threshold(beliefs, [c.labels for c in found]))


def _threshold(beliefs: list[np.ndarray], labels: list[np.ndarray]) -> float:
    """The threshold of best F-beta for each page's most believed candidate (`beliefs` and `labels`:
    one array of candidates per page)."""
    best = [(b[np.argmax(b)], bool(l[np.argmax(b)])) for b, l in zip(beliefs, labels)]
    findable = sum(bool(l.any()) for l in labels)

    def score(threshold: float) -> float:
        picked = [right for belief, right in best if belief >= threshold]
        if not picked:
            return 0.0
        return f_beta(sum(picked) / len(picked), sum(picked) / findable, BETA)

    return max(THRESHOLDS, key=lambda t: (score(t), -t))
