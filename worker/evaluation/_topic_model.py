"""Building the topic data files: the IPTC vocabulary taken from the NewsCodes JSON-LD, and the
learned word weights fitted on labelled articles, with the cross-validation that scores them on
articles they were not fitted on."""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np

from worker.tagging import topics
from worker.tagging.topics import Mix, TopicClassifier, WordModel, calibrate

SOURCE = "IPTC Media Topics NewsCodes (release 2025-10-09), https://iptc.org/standards/media-topics/"
LICENCE = "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/ (c) IPTC; labels and definitions unchanged"
C_GRID = (100.0, 1000.0)
SHARPNESS_GRID = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
MIN_DOCUMENTS = 2  # a term in fewer training articles gets no weight
MIX_GRID = tuple(Mix(learned, lexical) for learned, lexical in itertools.product((0.7, 0.9, 1.0), (0.5, 1.0, 2.0, 4.0)))


def build_vocabulary(source: Path, target: Path) -> int:
    """Writes the concepts that are not retired: code, English label and definition, parent."""
    data = json.loads(source.read_text(encoding="utf-8"))

    def code(uri: str) -> str:
        return "medtop:" + uri.rstrip("/").rsplit("/", 1)[1]

    concepts = [{"code": c["qcode"], "label": c["prefLabel"]["en-GB"],
                 "definition": c.get("definition", {}).get("en-GB", ""),
                 "parent": code(c["broader"][0]) if c.get("broader") else None}
                for c in data["conceptSet"] if not c.get("retired")]
    concepts.sort(key=lambda c: c["code"])
    payload = {"source": SOURCE, "licence": LICENCE, "concepts": concepts}
    target.write_text(json.dumps(payload, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(concepts)


def term_counts(articles: list[dict]) -> list[Counter]:
    return [topics.weighted_terms(a) for a in articles]


def fit_words(counts: list[Counter], labels: list[str], c: float) -> WordModel:
    """Multinomial logistic regression on sublinear TF-IDF of the terms (scikit-learn)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    document_frequency = Counter(t for c in counts for t in c)
    counts = [{t: n for t, n in c.items() if document_frequency[t] >= MIN_DOCUMENTS} for c in counts]
    vectorizer = DictVectorizer()
    tfidf = TfidfTransformer(sublinear_tf=True)
    x = tfidf.fit_transform(vectorizer.fit_transform(counts))
    model = LogisticRegression(C=c, max_iter=5000).fit(x, labels)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one logit for the second class: as two softmax rows, z/2 and -z/2
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.concatenate([-intercept / 2, intercept / 2])
    names = vectorizer.get_feature_names_out()
    weights = {str(t): (round(float(idf), 5), tuple(round(float(w), 5) for w in coef[:, i]))
               for i, (t, idf) in enumerate(zip(names, tfidf.idf_))}
    return WordModel(tuple(str(c) for c in model.classes_), weights, tuple(float(b) for b in intercept))


class Folds:
    """Everything about the labelled articles that does not need fitting, computed once."""

    def __init__(self, articles: list[dict], labels: list[str], classifier: TopicClassifier | None = None):
        self.classifier = classifier or TopicClassifier(words=None)
        self.labels = np.array(labels)
        self.counts = term_counts(articles)
        self.evidence = [self.classifier.evidence(a, counts) for a, counts in zip(articles, self.counts)]

    def predict(self, train: np.ndarray, test: np.ndarray, c: float, mix: Mix) -> list[str]:
        words = fit_words([self.counts[i] for i in train], list(self.labels[train]), c)
        return [self.classifier.top(self.evidence[i], words.probabilities(self.counts[i]), mix) for i in test]

    def choose(self, train: np.ndarray, seed: int, k: int = 5) -> tuple[float, Mix]:
        """(C, mix) with the best accuracy in k-fold cross-validation inside `train`."""
        from sklearn.model_selection import StratifiedKFold

        right: Counter = Counter()
        k = min(k, min(Counter(self.labels[train]).values()))  # every fold holds every topic
        for inner_train, inner_test in StratifiedKFold(k, shuffle=True, random_state=seed).split(train, self.labels[train]):
            for c in C_GRID:
                words = fit_words([self.counts[i] for i in train[inner_train]], list(self.labels[train[inner_train]]), c)
                probabilities = [words.probabilities(self.counts[i]) for i in train[inner_test]]
                for mix in MIX_GRID:
                    got = [self.classifier.top(self.evidence[i], p, mix) for i, p in zip(train[inner_test], probabilities)]
                    right[(c, mix)] += sum(g == e for g, e in zip(got, self.labels[train[inner_test]]))
        # ties go to the gentler setting: less redistribution, less IPTC weight, more regularisation
        return max(right, key=lambda key: (right[key], -key[1].learned, -key[1].lexical, -key[0]))

    def out_of_fold_scores(self, seed: int, c: float, mix: Mix, k: int = 10) -> list[dict[str, float]]:
        """Combined top-level scores of every article from a model fitted on the other folds."""
        from sklearn.model_selection import StratifiedKFold

        scores: list[dict[str, float]] = [{} for _ in self.labels]
        for train, test in StratifiedKFold(k, shuffle=True, random_state=seed).split(self.labels, self.labels):
            words = fit_words([self.counts[i] for i in train], list(self.labels[train]), c)
            for i in test:
                scores[i] = self.classifier.combine(self.evidence[i], words.probabilities(self.counts[i]), mix)
        return scores

    def sharpness(self, scores: list[dict[str, float]]) -> float:
        """The exponent that gives the gold topics the highest likelihood (out-of-fold scores)."""
        def log_likelihood(power: float) -> float:
            return sum(math.log(max(calibrate(s, power).get(label, 0.0), 1e-9)) for s, label in zip(scores, self.labels))
        return max(SHARPNESS_GRID, key=log_likelihood)

    def cross_validate(self, seed: int, k: int = 10, fixed: tuple[float, Mix] | None = None) -> list[str]:
        """Predictions for every article from a model fitted on the other folds; C and the mix are
        chosen inside each training part unless fixed."""
        from sklearn.model_selection import StratifiedKFold

        predicted = [""] * len(self.labels)
        indices = np.arange(len(self.labels))
        for train, test in StratifiedKFold(k, shuffle=True, random_state=seed).split(indices, self.labels):
            c, mix = fixed or self.choose(train, seed)
            for i, got in zip(test, self.predict(train, test, c, mix)):
                predicted[i] = got
        return predicted


def write_model(words: WordModel, mix: Mix, c: float, target: Path, about: str) -> None:
    payload = {"about": about, "C": c, "mix": {"learned": mix.learned, "lexical": mix.lexical, "sharpness": mix.sharpness},
               "classes": list(words.classes), "intercepts": [round(b, 5) for b in words.intercepts],
               "terms": {t: [idf, list(w)] for t, (idf, w) in sorted(words.weights.items())}}
    target.write_text(json.dumps(payload, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
