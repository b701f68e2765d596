"""Choose learned.LINE_OF_ITS_OWN on the training pages (../shared/train) alone: how strongly the
second segment of a glued line, read as a line of its own, must be believed body for the reading
with the segments swapped not to remove it (a paragraph glued to the next rather than a box).

Four models are fitted on the training pages, each without a quarter of their publishers, and each
page is cleaned by the model that did not learn from its publisher. For each candidate level the
script prints the evaluation's lines with a line glued at one point (`newsworker eval cleaning`):
inline mode with its first sentence glued on before the first paragraph (as the model learned; 4
draws) and glued on after it, the gold body with its first or middle paragraph glued to the next
(both segments body), and short texts with sentences put in. It picks the best mean F1 of the five
(on a tie, the lower level: a paragraph is kept rather than a box removed). The
development pages are not read, so their scores are measured where the level was not fitted.
Takes about four minutes on one core; the last output is in bench/results/glued-reading.txt.

    OMP_NUM_THREADS=1 .venv/bin/python bench/choose_glued_reading.py
"""

from __future__ import annotations

from typing import Callable

from worker.cleaning import learned
from worker.evaluation import _cleaning_training as training
from worker.evaluation import cleaning as ev
from worker.evaluation._cleaning_data import TRAIN_DATA, load_pages

FOLDS = 4
DRAWS = 4
LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)  # 1.0: the swapped reading always stands


def fold_models(pages: list[dict]) -> dict[str, object]:
    """publisher -> the model fitted without its fold of publishers."""
    publishers = sorted({page["publisher"] for page in pages})
    fold_of = {p: i % FOLDS for i, p in enumerate(publishers)}
    corpora = training.Corpora.of(pages)
    fitted = [training.fit(corpora, frozenset(p for p in publishers if fold_of[p] == k)) for k in range(FOLDS)]
    return {p: fitted[fold_of[p]] for p in publishers}


def glued_lines(pages: list[dict], models: Callable[[dict], object]) -> dict[str, dict]:
    """The evaluation's scores (precision, recall, f1) of its inputs with a glued line."""
    return {
        "glued on before": ev.mean_of_draws(ev.inline_draws(pages, models, DRAWS)),
        "glued on after": ev.glued_on_scores(pages, models),
        "first break dropped": ev.one_break_dropped_scores(pages, models, middle=False),
        "middle break dropped": ev.one_break_dropped_scores(pages, models, middle=True),
        "short, sentences put in": ev.short_text_scores(pages, models, put_in=True),
    }


def main() -> int:
    pages = load_pages(TRAIN_DATA)
    by_publisher = fold_models(pages)
    models = lambda page: by_publisher[page["publisher"]]  # noqa: E731
    best = None
    for level in LEVELS:
        learned.LINE_OF_ITS_OWN = level
        lines = glued_lines(pages, models)
        mean = sum(line["f1"] for line in lines.values()) / len(lines)
        print(f"level {level}: mean F1 {mean:.4f}; "
              + "; ".join(f"{name} {ev.scores_line(scores)}" for name, scores in lines.items()), flush=True)
        if best is None or mean > best[1]:
            best = (level, mean)
    print(f"chosen: {best[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
