"""Choose learned.SWAP_MARGIN, the margin by which a glued line read with its segments swapped must
name its box more clearly than the line as it comes, on the training pages (../shared/train) alone.

Four models are fitted on the training pages, each without a quarter of their publishers, and each
page is cleaned by the model that did not learn from its publisher: its gold body with up to three
of its non-body sentences put in (inline mode, draws 0-3), once with the first sentence glued on
before the first paragraph (as the model learned) and once glued on after it. For each candidate
margin the script prints the score of both kinds of text and picks the best pooled F1 (on a tie, the
larger margin: the reading as it comes is the one the model learned). The development pages are
not read, so their scores (`newsworker eval cleaning`) are measured where the margin was not fitted.
Takes about three minutes on one core.

    OMP_NUM_THREADS=1 .venv/bin/python bench/choose_swap_margin.py
"""

from __future__ import annotations

from worker.cleaning import learned
from worker.evaluation import _cleaning_training as training
from worker.evaluation.cleaning import cleaned_body, f1, page_scores
from worker.evaluation._cleaning_data import TRAIN_DATA, load_pages, raw_input

FOLDS = 4
DRAWS = 4
MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, float("inf"))  # inf: never swapped


def fold_models(pages: list[dict]) -> dict[str, object]:
    """publisher -> the model fitted without its fold of publishers."""
    publishers = sorted({page["publisher"] for page in pages})
    fold_of = {p: i % FOLDS for i, p in enumerate(publishers)}
    corpora = training.Corpora.of(pages)
    fitted = [training.fit(corpora, frozenset(p for p in publishers if fold_of[p] == k)) for k in range(FOLDS)]
    return {p: fitted[fold_of[p]] for p in publishers}


def scores(pages: list[dict], models: dict[str, object], glued_on: bool) -> tuple[float, float]:
    """Mean precision and recall of our body over the pages' inline draws."""
    pairs = [page_scores(cleaned_body(raw_input(page, "inline", draw, glued_on=glued_on), models[page["publisher"]]),
                         "\n".join(page["body"]))
             for page in pages for draw in range(DRAWS)]
    return sum(p for p, _ in pairs) / len(pairs), sum(r for _, r in pairs) / len(pairs)


def main() -> int:
    pages = load_pages(TRAIN_DATA)
    models = fold_models(pages)
    best = None
    print("margin   glued on before: P      R     F1   glued on after: P      R     F1   pooled F1")
    for margin in MARGINS:
        learned.SWAP_MARGIN = margin
        before, after = scores(pages, models, False), scores(pages, models, True)
        pooled = f1((before[0] + after[0]) / 2, (before[1] + after[1]) / 2)
        print(f"{margin:6}   {before[0]:.4f} {before[1]:.4f} {f1(*before):.4f}   "
              f"{after[0]:.4f} {after[1]:.4f} {f1(*after):.4f}   {pooled:.4f}")
        if best is None or pooled >= best[1]:
            best = (margin, pooled)
    print(f"chosen: {best[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
