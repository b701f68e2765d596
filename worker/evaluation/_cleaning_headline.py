"""Fitting the page headline picker (worker.cleaning.headline) on the labelled pages' whole texts.

A candidate is labelled the headline when at least MATCH of its words are words of the page's
reference headline and at least MATCH of the reference's words are its words. The reference is
the gold title of a training page; a development page has none, so it is the headline the page
declares in its markup (JSON-LD, Open Graph, <h1>: cleaning.metadata), which its whole text does
not show. The trees are those of the article model's second stage (same settings); the threshold
is the one of THRESHOLDS with the best F-beta of the picks on out-of-fold beliefs (precision: right
picks among picks; recall: right picks among pages whose candidates hold the headline). Beta is
below 1 because a wrong headline is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from trafilatura.utils import load_html

from worker.cleaning import metadata
from worker.cleaning.features import Unit, looks_like_page, words_of
from worker.cleaning.headline import HeadlinePicker, candidate_rows
from worker.cleaning.model import TwoPass, framed, page_region
from worker.cleaning.normalise import lines_of
from worker.cleaning.units import split_lines
from worker.evaluation._cleaning_data import raw_input
from worker.evaluation._cleaning_thresholds import f_beta
from worker.evaluation._cleaning_trees import fit_trees

MATCH = 0.6
BETA = 0.5
INNER_FOLDS = 5
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(1, 20))


@dataclass
class PageText:
    """A labelled page's whole text, as the stage reads it."""
    publisher: str
    units: list[Unit]
    titled: np.ndarray  # whether each unit is the page's headline


def reference_headline(page: dict) -> str:
    if page.get("title"):
        return page["title"]
    tree = load_html(page["html"])
    return metadata.extract(tree)[0] if tree is not None else ""


def same_headline(text: str, reference: str) -> bool:
    own, other = words_of(text), words_of(reference)
    if not own or not other:
        return False
    return (sum(w in set(other) for w in own) >= MATCH * len(own)
            and sum(w in set(own) for w in other) >= MATCH * len(other))


def page_texts(pages: list[dict]) -> list[PageText]:
    """The whole texts of the pages that the stage judges as pages."""
    texts = []
    for page in pages:
        units, _ = split_lines(lines_of(raw_input(page, "text")["text"]))
        if looks_like_page(units):
            reference = reference_headline(page)
            titled = np.array([same_headline(unit.text, reference) for unit in units], dtype=bool)
            texts.append(PageText(page["publisher"], units, titled))
    return texts


def _candidates(text: PageText, page: TwoPass) -> tuple[list[int], list[list[float]]]:
    """As model.Model.read_page finds them."""
    first, beliefs = page.both_passes(text.units)
    region = page_region(text.units, first, beliefs, page.threshold)
    return candidate_rows(text.units, region, first, beliefs) if framed(region) else ([], [])


def fit_headline(texts: list[PageText], page: TwoPass, leave_out: frozenset) -> HeadlinePicker:
    """The picker fitted on the texts of every publisher not left out, over the candidates that
    `page` (the page model fitted on the same publishers) gives."""
    texts = [t for t in texts if t.publisher not in leave_out]
    found = [_candidates(text, page) for text in texts]
    rows = np.array([row for _, text_rows in found for row in text_rows])
    labels = np.concatenate([text.titled[candidates] for text, (candidates, _) in zip(texts, found) if candidates])
    owner = np.concatenate([[k] * len(candidates) for k, (candidates, _) in enumerate(found) if candidates])
    publishers = sorted({t.publisher for t in texts})
    fold_of = {p: i % INNER_FOLDS for i, p in enumerate(publishers)}
    fold = np.array([fold_of[texts[k].publisher] for k in owner])
    beliefs = np.zeros(len(labels))
    for f in range(INNER_FOLDS):
        trees = fit_trees(rows[fold != f], labels[fold != f], np.ones(int((fold != f).sum())))
        beliefs[fold == f] = trees.probabilities(rows[fold == f])
    trees = fit_trees(rows, labels, np.ones(len(labels)))
    return HeadlinePicker(trees, _threshold(beliefs, labels, owner))


def _threshold(beliefs: np.ndarray, labels: np.ndarray, owner: np.ndarray) -> float:
    """The threshold of best F-beta for each page's most believed candidate."""
    best = {}
    for k in np.unique(owner):
        mine = np.flatnonzero(owner == k)
        top = mine[np.argmax(beliefs[mine])]
        best[k] = (beliefs[top], bool(labels[top]), bool(labels[mine].any()))
    findable = sum(has for _, _, has in best.values())

    def score(threshold: float) -> float:
        picked = [right for belief, right, _ in best.values() if belief >= threshold]
        right = sum(picked)
        if not picked:
            return 0.0
        return f_beta(right / len(picked), right / findable, BETA)

    return max(THRESHOLDS, key=lambda t: (score(t), -t))
