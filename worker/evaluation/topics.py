"""Topic evaluation: top-1 IPTC top-level topic on the BBC development set (5 classes).

The learned word weights are fitted on these same 100 articles, so the score that predicts
held-out accuracy is the cross-validated one: each article is classified by a model fitted on the
other folds, with the regularisation and the mix of evidence chosen by an inner cross-validation
inside those folds (nested), repeated over shuffles. The shipped model's accuracy on the 100 is
printed too, marked as fitted on them."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from worker.evaluation._common import REPO_ROOT, emit, parser
from worker.tagging.topics import TopicClassifier

EXPECTED = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "politics": "medtop:11000000",
    "sport": "medtop:15000000",
    "tech": "medtop:13000000",
}
SEEDS = (0, 1, 2)
FOLDS = 10
DATA_DIR = REPO_ROOT / "worker" / "tagging" / "data"
IPTC_SOURCE = REPO_ROOT.parent / "shared" / "data" / "iptc-mediatopics-en-GB.json"
COMMANDS = ("newsworker eval topics                      # nested cross-validated and fitted accuracy",
            "newsworker eval topics --fit                # refit data/topic_model.json on all articles",
            "newsworker eval topics --build-vocabulary   # rebuild data/iptc_topics.json from the IPTC file")


def read_article(path: Path) -> dict:
    title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
    return {"title": title.strip(), "standfirst": "", "body": body.strip()}


def top_level(topics: list[dict], parents: dict[str, str | None]) -> str | None:
    for topic in topics:
        if parents.get(topic["code"]) is None:
            return topic["code"]
    return None


def read_labelled(data: Path) -> tuple[list[Path], list[dict], list[str]]:
    paths = [p for label in EXPECTED for p in sorted((data / label).glob("*.txt"))]
    return paths, [read_article(p) for p in paths], [EXPECTED[p.parent.name] for p in paths]


def _per_class(paths: list[Path], got: list[str | None], expected: list[str]) -> dict:
    per_class = {label: {"correct": 0, "total": 0} for label in EXPECTED}
    for path, g, e in zip(paths, got, expected):
        per_class[path.parent.name]["total"] += 1
        per_class[path.parent.name]["correct"] += g == e
    return per_class


def fitted_accuracy(paths: list[Path], articles: list[dict], expected: list[str]) -> dict:
    classifier = TopicClassifier()
    parents = {c.code: c.parent for c in classifier.vocabulary.concepts.values()}
    got = [top_level(classifier.classify(a), parents) for a in articles]
    errors = [f"{p.parent.name}/{p.name}: got {g}" for p, g, e in zip(paths, got, expected) if g != e]
    return {"accuracy": round(float(np.mean([g == e for g, e in zip(got, expected)])), 4),
            "per_class": _per_class(paths, got, expected), "errors": errors}


def cross_validated(paths: list[Path], articles: list[dict], expected: list[str]) -> dict:
    from worker.evaluation._topic_model import Folds

    folds = Folds(articles, expected)
    runs = [folds.cross_validate(seed, FOLDS) for seed in SEEDS]
    shipped = TopicClassifier()
    scores = folds.out_of_fold_scores(0, shipped.c, shipped.mix, FOLDS)
    confidence = float(np.mean([max(s.values()) for s in scores]))
    right = float(np.mean([max(s, key=s.get) == e for s, e in zip(scores, expected)]))
    accuracies = [float(np.mean([g == e for g, e in zip(run, expected)])) for run in runs]
    per_class = _per_class(paths * len(runs), [g for run in runs for g in run], expected * len(runs))
    return {"accuracy": round(float(np.mean(accuracies)), 4), "runs": [round(a, 4) for a in accuracies],
            "folds": FOLDS, "seeds": list(SEEDS), "per_class": per_class,
            "calibration": {"mean_top_probability": round(confidence, 4), "accuracy": round(right, 4)}}


def evaluate(data: Path) -> dict:
    paths, articles, expected = read_labelled(data)
    return {"articles": len(articles), "cross_validated": cross_validated(paths, articles, expected),
            "fitted": fitted_accuracy(paths, articles, expected)}


def fit(data: Path) -> str:
    from worker.evaluation._topic_model import Folds, fit_words, write_model

    _, articles, expected = read_labelled(data)
    folds = Folds(articles, expected)
    everything = np.arange(len(articles))
    c, mix = folds.choose(everything, seed=0)
    mix = mix._replace(sharpness=folds.sharpness(folds.out_of_fold_scores(0, c, mix)))
    words = fit_words(folds.counts, expected, c)
    about = (f"Logistic regression (C={c}) on sublinear TF-IDF of {len(articles)} BBC News articles "
             "(topics-bbc development set, BBC copyright, research use): word weights only, no text.")
    write_model(words, mix, c, DATA_DIR / "topic_model.json", about)
    return f"wrote {DATA_DIR / 'topic_model.json'}: C={c}, mix={mix}, {len(words.weights)} terms"


def main(argv: list[str]) -> int:
    p = parser("topics", "Top-1 IPTC topic accuracy on topics-bbc, cross-validated.", "topics-bbc")
    p.add_argument("--fit", action="store_true", help="refit the learned word weights on all articles")
    p.add_argument("--build-vocabulary", action="store_true", help="rebuild the IPTC vocabulary data file")
    args = p.parse_args(argv)
    if args.build_vocabulary:
        from worker.evaluation._topic_model import build_vocabulary

        print(f"{build_vocabulary(IPTC_SOURCE, DATA_DIR / 'iptc_topics.json')} concepts written")
        return 0
    if args.fit:
        print(fit(args.data))
        return 0
    result = evaluate(args.data)
    cv, fitted = result["cross_validated"], result["fitted"]
    lines = [f"topics-bbc, {result['articles']} articles, top-1 IPTC top-level topic",
             f"cross-validated: {cv['accuracy']:.3f} (nested {cv['folds']}-fold, seeds {cv['seeds']}: {cv['runs']})"]
    lines += [f"  {k}: {v['correct']}/{v['total']}" for k, v in cv["per_class"].items()]
    lines += [f"calibration, out of fold with the shipped settings: mean top-1 probability "
              f"{cv['calibration']['mean_top_probability']:.3f} vs accuracy {cv['calibration']['accuracy']:.3f}"]
    lines += [f"shipped model, fitted on these articles (not a measure): {fitted['accuracy']:.3f}"]
    lines += [f"  miss {e}" for e in fitted["errors"]]
    lines += ["commands:"] + [f"  {c}" for c in COMMANDS]
    emit(result, args.json, lines)
    return 0
