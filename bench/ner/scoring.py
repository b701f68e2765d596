"""What the training loop reports after each epoch: agreement with the starting model on held-out
recent articles, and optionally the raw model's PER/ORG/LOC F1 on a CoNLL file."""

from __future__ import annotations

from pathlib import Path

from corpus import CharSpan, predicted

from worker.evaluation import entities
from worker.evaluation._common import prf
from worker.tagging import ner

COARSE = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def agreement(ours: list[list[CharSpan]], theirs: list[list[CharSpan]], types: dict | None = None) -> dict:
    """Exact span-and-type agreement (their spans as reference) over the labels the stage keeps,
    or over the labels in `types`, mapped through it."""
    tp = pred = ref = 0
    for a, b in zip(ours, theirs):
        mine, other = _keep(a, types), _keep(b, types)
        tp, pred, ref = tp + len(mine & other), pred + len(mine), ref + len(other)
    return prf(tp, pred, ref)


def _keep(spans: list[CharSpan], types: dict | None) -> set[tuple[int, int, str]]:
    if types is None:
        return {(s.start, s.end, s.label) for s in spans if s.label in ner.LABELS}
    return {(s.start, s.end, types[s.label]) for s in spans if s.label in types}


def snapshot(nlp, held: list[str], reference: list[list[CharSpan]], dev: Path | None) -> dict:
    """Scores of the model as it is; the strings of the scored texts do not stay in its vocabulary."""
    with nlp.memory_zone():
        return _snapshot(nlp, held, reference, dev)


def _snapshot(nlp, held: list[str], reference: list[list[CharSpan]], dev: Path | None) -> dict:
    ours = predicted(nlp, held)
    result = {"agreement_kept_labels_f1": agreement(ours, reference)["f1"],
              "agreement_per_org_loc_f1": agreement(ours, reference, COARSE)["f1"]}
    if dev:
        layouts = [entities.Layout(d) for d in entities.read_documents(dev)]
        result["dev_f1"] = {t: s["f1"] for t, s in entities.model_scores(nlp, layouts).items()}
    return result
