"""Train the learned boilerplate model of the cleaning stage and write it as JSON weights.

Units (lines, and segments of glued lines) of every training and development page are labelled
body when they are part of the page's gold body, boilerplate otherwise, for the three kinds of
input the stage sees (see _cleaning_data): the text trafilatura keeps of the HTML, the page's whole
text, and the gold body with real non-body sentences of the page put in; also the gold body as it
is, and with one paragraph glued to the next (a glued line is not always boilerplate glued to a
sentence: a scraper may drop a single break between two paragraphs). Each model has a first
pass, a logistic regression on each unit's own features, and a second stage fitted on the first
pass's out-of-fold beliefs (publishers kept apart): for the page model, a logistic regression on
the beliefs about a unit and its neighbours; for the article model, boosted trees on those beliefs
and numbers that describe the unit (_cleaning_trees), for text as it comes, and trees of their own
for short texts as they come (fewer than SHORT_TEXT_UNITS units), which also learn from each gold
body cut short, clean and with non-body sentences put in. The article model weighs each unit of
text as it comes by its length (unit_weights).
Each model's decision threshold is chosen on out-of-fold beliefs of the publishers it learns from
(_cleaning_thresholds), never on a left-out publisher's pages. The headline and standfirst
pickers of a page's text are fitted on the candidates the fitted page model gives (_cleaning_lead).
Deterministic: the same data give the same file, also where the CPU's floating-point kernels
differ (the logistic regressions are solved to their optimum: see SOLVER_TOLERANCE).

    .venv/bin/python bench/train_cleaning.py [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from worker.cleaning import boilerplate, html, rules, structure
from worker.cleaning.features import (Unit, context_features, looks_like_page, publisher_names, rescoring_rows,
                                      text_facts, unit_features, unit_numbers)
from worker.cleaning.model import MODEL_FILE, SHORT_TEXT_UNITS, WEIGHT_DIGITS, LinearModel, Model, TwoPass
from worker.cleaning.normalise import lines_of
from worker.cleaning.trees import Trees
from worker.cleaning.units import split_lines
from worker.evaluation import _cleaning_lead as lead
from worker.evaluation import _cleaning_thresholds as thresholds
from worker.evaluation._cleaning_trees import fit_trees, out_of_fold
from worker.evaluation._cleaning_data import (DEV_DATA, TRAIN_DATA, cut_short, glued_after, load_pages, page_title,
                                              raw_input, seed_of, shingles)

_TOKEN = re.compile(r"\w+")
INLINE_VARIANTS = 10  # the article model learns from this many inline variants of each page,
BASE_VARIANTS = 5  # the page model and the decision thresholds from the first few of them
SHORT_MODES = ("short", "shortglued", "shortinline")  # a page's gold body cut short (see lines_for)
SHORT_VARIANTS = 3  # cuts of each page, for the short texts' trees
SHORT_SEED = 1000  # the short texts' draws are apart from the inline variants' (0 to INLINE_VARIANTS - 1)
DOCUMENT_MODES = ("html", "text", "inline", "body", "glued") + SHORT_MODES  # lines_for
UNIT_C = 0.5
ARTICLE_C = 0.125  # the article model is regularised more (many inline variants: many rare words)
CONTEXT_C = 1.0
# The logistic regressions are solved to their optimum, so that a stored weight (4 decimals) does not move with
# the CPU's floating-point kernels. Stopped early (liblinear at its default tolerance), thousands of weights and a
# decision threshold moved with the BLAS or libm variant the machine picks; liblinear cannot get close enough
# (it also stops where the loss changes by under 1e-12 of itself), newton-cg can.
SOLVER = "newton-cg"
SOLVER_TOLERANCE = 1e-12
INNER_FOLDS = 3
# The goal for text as it comes holds precision to a bar of its own beside F1 (boilerplate left in
# an article feeds every tagger after it): its threshold maximises F0.5, which weighs precision
# twice as much as recall.
AS_IT_COMES_BETA = 0.5
MIN_COUNT = 3
MIN_PUBLISHERS = 2
# The article model has no second pass: in article text, smoothing over neighbours mostly pulled
# body paragraphs next to boilerplate down (and the other way round), for no gain in score.


@dataclass
class Document:
    publisher: str
    name: str
    mode: str
    page: bool  # judged by the page model (as the stage decides from its units)
    labels: np.ndarray
    rows: list[set]
    words: np.ndarray  # each unit's length in words (at least 1): its weight in the score
    variant: int = 0  # which of the inline variants of the page
    numbers: np.ndarray | None = None  # features.unit_numbers of article text (None for a page's)


def lines_for(page: dict, mode: str, variant: int = 0) -> tuple[list[str], str]:
    """(the lines the stage would judge, the title it would know) for one page in one mode; mode
    "body" is the gold body alone (text that is already clean must stay whole), "glued" the gold
    body with one paragraph glued to the next, "short" its first 3-7 paragraphs alone,
    "shortglued" the same with one of them glued to the next and "shortinline" its first 2-4 with
    up to three of the page's non-body sentences put in (fewer than SHORT_TEXT_UNITS units: a short
    text as it comes, read by trees of its own)."""
    if mode in SHORT_MODES:
        return _short_lines(page, mode, variant)
    if mode in ("body", "glued"):
        body = page["body"]
        if mode == "glued":
            body = glued_after(body, seed_of(page["name"], variant) % max(1, len(body) - 1))
        return lines_of("\n".join(body)), page_title(page["html"])
    raw = raw_input(page, mode, variant, scatter=variant > 0)
    if mode == "html":
        extracted = html.extract(raw["html"], raw["url"] or None, rules.load())
        lines = lines_of(extracted.text)
        if extracted.title:  # the stage drops the headline repeated at the top before judging
            lines, _ = structure.drop_repeated_headline(lines, extracted.title)
        return lines, extracted.title
    return lines_of(raw["text"]), raw.get("title", "")


def _short_lines(page: dict, mode: str, variant: int) -> tuple[list[str], str]:
    draw = SHORT_SEED + variant
    if mode == "shortinline":
        raw = raw_input(cut_short(page, draw, 2, 4), "inline", draw, scatter=True)
        return lines_of(raw["text"]), raw["title"]
    body = cut_short(page, draw)["body"]
    if mode == "shortglued":
        body = glued_after(body, seed_of(page["name"], draw) % max(1, len(body) - 1))
    return lines_of("\n".join(body)), page_title(page["html"])


class GoldBody:
    """Answers whether a piece of text is part of a page's gold body."""

    def __init__(self, paragraphs: list[str]):
        self.shingles = shingles("\n\n".join(paragraphs))
        self.paragraphs = {" ".join(_TOKEN.findall(p)) for p in paragraphs}
        self.text = " " + " ".join(" ".join(_TOKEN.findall(p)) for p in paragraphs) + " "

    def contains(self, text: str) -> bool:
        tokens = _TOKEN.findall(text)
        if len(tokens) < 4:
            return bool(tokens) and " ".join(tokens) in self.paragraphs
        if len(tokens) < 8:
            return " " + " ".join(tokens) + " " in self.text
        own = shingles(text)
        return sum((own & self.shingles).values()) >= 0.5 * sum(own.values())


def build_documents(pages: list[dict], modes=DOCUMENT_MODES) -> list[Document]:
    documents = []
    for page in pages:
        gold = GoldBody(page["body"])
        publisher = publisher_names(boilerplate.source_key({"url": page["url"], "source": page["publisher"]}))
        for mode in modes:
            for variant in range(INLINE_VARIANTS if mode == "inline" else SHORT_VARIANTS if mode in SHORT_MODES else 1):
                lines, title = lines_for(page, mode, variant)
                units, _ = split_lines(lines)
                if not units:
                    continue
                labels = np.array([gold.contains(u.text) for u in units], dtype=np.int8)
                # as the stage decides: the extractor's text is article text, any other text that
                # looks like a page goes to the page model (article text of many short lines too)
                judged_as_page = mode != "html" and looks_like_page([Unit(line) for line in lines])
                if judged_as_page and mode == "glued":
                    continue  # a list-like body the page model already learns from as it is
                # as the model that judges them sees them
                # the stage reads the publisher's names in text as it comes only (model.TwoPass)
                names = frozenset() if mode == "html" else publisher
                facts = None if judged_as_page else text_facts(units, title, names)
                rows = unit_features(units, "" if judged_as_page else title, not judged_as_page, facts)
                words = np.array([max(1, len(u.text.split())) for u in units])
                numbers = None if facts is None else np.array(unit_numbers(units, facts))
                documents.append(Document(page["publisher"], page["name"], mode, judged_as_page, labels, rows, words,
                                          variant, numbers))
    return documents


def unit_weights(document: "Document") -> np.ndarray:
    """Each unit's weight in an article model's fit. In text as it comes, it grows with the unit's
    length, as its share of the score does, but slower: a long paragraph must not drown the short
    sentences glued or put between paragraphs. An extractor's text has few of those: each unit
    weighs the same (weighting its units too lowered the score on it)."""
    if document.mode == "html":
        return np.ones(len(document.words))
    return np.sqrt(document.words)


class Matrix:
    """Feature rows of many documents as one sparse matrix over a shared vocabulary (names seen
    in at least MIN_COUNT rows), so that each fit only slices it. A fit uses only the names found
    on pages of at least `min_publishers` of the publishers it learns from: a word of one
    publisher's pages (a topic, a brand) says nothing about the next publisher."""

    def __init__(self, rows: list[set], publishers: np.ndarray):
        self.publishers = publishers
        counts = Counter(name for row in rows for name in row)
        self.names = sorted(name for name, count in counts.items() if count >= MIN_COUNT or name == "bias")
        index = {name: i for i, name in enumerate(self.names)}
        indptr, indices, values = [0], [], []
        for row in rows:
            for name in row:
                column = index.get(name)
                if column is not None:
                    indices.append(column)
                    values.append(1.0)
            indptr.append(len(indices))
        self.csr = csr_matrix((np.array(values), np.array(indices, dtype=np.int32),
                               np.array(indptr, dtype=np.int32)), shape=(len(rows), len(self.names)))
        self.csr.sort_indices()  # sums over a row in one order, whatever the order of its set of names

    def _columns(self, mask: np.ndarray, min_publishers: int) -> np.ndarray:
        """Indexes of the names found on pages of at least `min_publishers` masked publishers."""
        if min_publishers <= 1:
            return np.arange(len(self.names))
        names, codes = np.unique(self.publishers[mask], return_inverse=True)
        rows = self.csr[mask]
        owner = csr_matrix((np.ones(rows.shape[0]), (codes, np.arange(rows.shape[0]))),
                           shape=(len(names), rows.shape[0]))
        spread = np.asarray(((owner @ rows) > 0).sum(axis=0)).ravel()
        keep = spread >= min_publishers
        keep[self.names.index("bias")] = True
        return np.flatnonzero(keep)

    def fit(self, mask: np.ndarray, labels: np.ndarray, c: float, min_publishers: int = 1,
            row_weights: np.ndarray | None = None) -> LinearModel:
        columns = self._columns(mask, min_publishers)
        classifier = LogisticRegression(C=c, solver=SOLVER, fit_intercept=False, max_iter=200, tol=SOLVER_TOLERANCE)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)  # a weight short of the optimum is machine-dependent
            classifier.fit(self.csr[mask][:, columns], labels[mask], None if row_weights is None else row_weights[mask])
        weights = {self.names[j]: round(float(w), WEIGHT_DIGITS) for j, w in zip(columns, classifier.coef_[0])}
        return LinearModel({name: w for name, w in weights.items() if w})

    def probabilities(self, model: LinearModel, mask: np.ndarray) -> np.ndarray:
        weights = np.array([model.weights.get(name, 0.0) for name in self.names])
        z = np.clip(self.csr[mask] @ weights, -30, 30)
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class Corpus:
    documents: list[Document]
    units: Matrix
    labels: np.ndarray
    publisher_of_row: np.ndarray
    weights: np.ndarray  # each row's weight in an article model's fit

    @classmethod
    def of(cls, documents: list[Document]) -> "Corpus":
        rows = [row for d in documents for row in d.rows]
        publishers = np.array([d.publisher for d in documents for _ in d.rows])
        weights = np.concatenate([unit_weights(d) for d in documents])
        return cls(documents, Matrix(rows, publishers), np.concatenate([d.labels for d in documents]), publishers,
                   weights)

    def mask(self, publishers: set[str]) -> np.ndarray:
        return np.isin(self.publisher_of_row, sorted(publishers))


def _out_of_fold(matrix: Matrix, labels: np.ndarray, fold_of: dict, c: float, min_publishers: int,
                 weights: np.ndarray | None = None) -> np.ndarray:
    """Each row's belief from a model fitted on the other inner folds' publishers (0 for rows of
    publishers outside `fold_of`)."""
    return _out_of_fold_with_models(matrix, labels, fold_of, c, min_publishers, weights)[0]


def _out_of_fold_with_models(matrix: Matrix, labels: np.ndarray, fold_of: dict, c: float, min_publishers: int,
                             weights: np.ndarray | None = None) -> tuple[np.ndarray, list[LinearModel]]:
    """_out_of_fold's beliefs, and the model of each inner fold (fitted without its publishers)."""
    beliefs, models = np.zeros(len(labels)), []
    for fold in range(INNER_FOLDS):
        held = np.isin(matrix.publishers, [p for p, f in fold_of.items() if f == fold])
        train = np.isin(matrix.publishers, [p for p, f in fold_of.items() if f != fold])
        models.append(matrix.fit(train, labels, c, min_publishers, weights))
        beliefs[held] = matrix.probabilities(models[-1], held)
    return beliefs, models


def _per_document(values: np.ndarray, documents: list[Document], keep: set) -> list[np.ndarray]:
    out, start = [], 0
    for document in documents:
        end = start + len(document.rows)
        if document.publisher in keep:
            out.append(values[start:end])
        start = end
    return out


@dataclass
class FirstPass:
    """A first pass fitted on every publisher not left out, and what choosing thresholds needs."""
    units: LinearModel
    fold_of: dict  # publisher -> inner fold
    documents: list[Document]  # the documents of those publishers
    beliefs: list[np.ndarray]  # out-of-fold beliefs about their units
    fold_models: list[LinearModel]  # the model of each inner fold, fitted without its publishers


def _first_pass(corpus: Corpus, leave_out: frozenset, c: float, weights: np.ndarray | None) -> FirstPass:
    publishers = sorted({d.publisher for d in corpus.documents} - set(leave_out))
    fold_of = {p: i % INNER_FOLDS for i, p in enumerate(publishers)}
    units = corpus.units.fit(corpus.mask(set(publishers)), corpus.labels, c, MIN_PUBLISHERS, weights)
    first, fold_models = _out_of_fold_with_models(corpus.units, corpus.labels, fold_of, c, MIN_PUBLISHERS, weights)
    documents = [d for d in corpus.documents if d.publisher in fold_of]
    return FirstPass(units, fold_of, documents, _per_document(first, corpus.documents, set(fold_of)), fold_models)


def _fit_page(corpus: Corpus, leave_out: frozenset) -> TwoPass:
    """The page model: both passes (units weighed alike), the threshold on out-of-fold beliefs."""
    first = _first_pass(corpus, leave_out, UNIT_C, None)
    documents = first.documents
    rows = [row for b in first.beliefs for row in context_features(list(b))]
    row_publishers = np.array([d.publisher for d in documents for _ in d.rows])
    matrix, row_labels = Matrix(rows, row_publishers), np.concatenate([d.labels for d in documents])
    second_pass = matrix.fit(np.ones(len(rows), dtype=bool), row_labels, CONTEXT_C)
    second = _per_document(_out_of_fold(matrix, row_labels, first.fold_of, CONTEXT_C, 1), documents,
                           set(first.fold_of))
    threshold = thresholds.choose(second, [d.labels for d in documents], [d.words for d in documents], first.beliefs)
    return TwoPass(first.units, second_pass, threshold)


def _fit_article(corpus: Corpus, short: list[Document], leave_out: frozenset) -> TwoPass:
    """The article model: the first pass (units weighed by unit_weights), the trees that rescore
    text as it comes, and two thresholds chosen on out-of-fold beliefs: for text as it comes (the
    trees'; by AS_IT_COMES_BETA) and for an extractor's text (the first pass's); and the trees and
    threshold of short texts as they come, which also learn from the `short` documents (fitted
    on nothing else: the first pass and the long texts' trees stay as they were without them)."""
    first = _first_pass(corpus, leave_out, ARTICLE_C, corpus.weights)
    base = [(d, b) for d, b in zip(first.documents, first.beliefs) if d.variant < BASE_VARIANTS]
    extracted_threshold = _threshold([(d, b) for d, b in base if d.mode == "html"])
    trees, rescored = _fit_trees([(d, b) for d, b in zip(first.documents, first.beliefs)
                                  if d.mode != "html" and len(d.rows) >= SHORT_TEXT_UNITS], first.fold_of)
    threshold = _threshold([(d, rescored[id(d)]) for d, _ in base if id(d) in rescored], beta=AS_IT_COMES_BETA)
    short_trees, short_threshold = _fit_short(first, short)
    return TwoPass(first.units, None, threshold, extracted_threshold, article_features=True, trees=trees,
                   short_trees=short_trees, short_threshold=short_threshold)


def _fit_short(first: FirstPass, short: list[Document]) -> tuple[Trees, float]:
    """The trees and threshold of short texts as they come: fitted on the first pass's documents of
    fewer than SHORT_TEXT_UNITS units (not an extractor's) and on the `short` ones, each `short`
    document with the beliefs of the first pass's model of the inner fold without its publisher."""
    judged = [(d, b) for d, b in zip(first.documents, first.beliefs)
              if d.mode != "html" and len(d.rows) < SHORT_TEXT_UNITS]
    judged += [(d, np.array([first.fold_models[first.fold_of[d.publisher]].probability(row) for row in d.rows]))
               for d in short if d.publisher in first.fold_of and len(d.rows) < SHORT_TEXT_UNITS]
    trees, rescored = _fit_trees(judged, first.fold_of)
    threshold = _threshold([(d, rescored[id(d)]) for d, _ in judged if d.variant < BASE_VARIANTS],
                           beta=AS_IT_COMES_BETA)
    return trees, threshold


def _threshold(judged: list[tuple[Document, np.ndarray]], **options) -> float:
    """thresholds.choose over (document, beliefs about its units) pairs."""
    return thresholds.choose([b for _, b in judged], [d.labels for d, _ in judged], [d.words for d, _ in judged],
                             **options)


def _fit_trees(judged: list[tuple[Document, np.ndarray]], fold_of: dict) -> tuple[Trees, dict[int, np.ndarray]]:
    """Trees fitted on (document, the first pass's out-of-fold beliefs about its units) pairs; and,
    by id of document, the trees' own out-of-fold beliefs (`fold_of`: the inner fold of each
    publisher). Short texts have trees of their own: with them in the long texts' fit, the
    threshold all texts shared rose and short texts lost more body."""
    rows = np.concatenate([np.array(rescoring_rows(list(b), d.numbers.tolist())) for d, b in judged])
    labels = np.concatenate([d.labels for d, _ in judged])
    weights = np.concatenate([unit_weights(d) for d, _ in judged])
    folds = np.array([fold_of[d.publisher] for d, _ in judged for _ in d.rows])
    beliefs = out_of_fold(rows, labels, weights, folds)
    ends = np.cumsum([len(d.rows) for d, _ in judged])
    return fit_trees(rows, labels, weights), {id(d): b for (d, _), b in zip(judged, np.split(beliefs, ends[:-1]))}


@dataclass
class Corpora:
    """Documents of the page model and of the article model, the short documents of the short
    texts' trees, and the page texts of the headline and standfirst pickers."""
    page: Corpus
    article: Corpus
    short: list[Document]
    page_texts: list[lead.PageText]

    @classmethod
    def of(cls, pages: list[dict]) -> "Corpora":
        documents = build_documents(pages)
        short = [d for d in documents if d.mode in SHORT_MODES]
        documents = [d for d in documents if d.mode not in SHORT_MODES]
        return cls(Corpus.of([d for d in documents if d.page and d.variant < BASE_VARIANTS]),
                   Corpus.of([d for d in documents if not d.page]), short, lead.page_texts(pages))


def fit(corpora: Corpora, leave_out: frozenset = frozenset()) -> Model:
    """The models fitted on every document whose publisher is not left out."""
    page = _fit_page(corpora.page, leave_out)
    article = _fit_article(corpora.article, corpora.short, leave_out)
    return Model(page, article, *lead.fit_pickers(corpora.page_texts, page, leave_out))


def all_pages() -> list[dict]:
    return load_pages(TRAIN_DATA) + load_pages(DEV_DATA)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    model = fit(Corpora.of(all_pages()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_dict(), sort_keys=True, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    print(f"wrote {args.out}: page model {len(model.page.units.weights)} + {len(model.page.context.weights)} "
          f"weights (threshold {model.page.threshold}), article model {len(model.article.units.weights)} "
          f"weights (threshold {model.article.threshold}, on an extractor's text {model.article.extracted_threshold}, "
          f"on a short text as it comes {model.article.short_threshold}), "
          f"page headline and standfirst pickers (thresholds "
          f"{model.headline.threshold}, {model.standfirst.threshold})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
