"""Rebuild the shipped news NER model (worker/tagging/model/ner) from ner.cfg, deterministically.

    OMP_NUM_THREADS=1 .venv/bin/python bench/ner/train_ner.py [--config bench/ner/ner.cfg]
        [--epochs N] [--silver-repeat N] [--limit DOCS] [--output DIR] [--checkpoints DIR]
        [--dev ../shared/eval/ner-conll2003/eng.testa]

Starts from en_core_web_sm's NER weights, fine-tunes on CoNLL-2003 train mixed with silver
annotations of recent articles (see corpus.py), then saves only the tokenizer, vocabulary and
`ner`. Prints, per epoch, the loss and the agreement with the starting model on the held-out
recent articles (and, with --dev, PER/ORG/LOC F1 of the raw model there). A summary goes to
bench/results/ner-training.json."""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from spacy.util import fix_random_seed, minibatch, registry  # noqa: E402
from thinc.api import Config  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import scoring  # noqa: E402

from worker.tagging import ner  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SUMMARY = REPO / "bench" / "results" / "ner-training.json"


def build_examples(nlp, paths: dict, training: dict, limit: int | None):
    """(training examples, held-out recent texts, their starting-model spans)."""
    conll = corpus.conll_texts(REPO / paths["conll"])[:limit]
    merged = [corpus.merge(gold, model) for (_, gold), model
              in zip(conll, corpus.predicted(nlp, [t for t, _ in conll]))]
    examples = [corpus.example(nlp, text, ents, missing) for (text, _), (ents, missing) in zip(conll, merged)]
    recent = [text for _, text in corpus.fundus_texts(REPO / paths["fundus"])][:limit]
    train, held = corpus.split_silver(recent, training["silver_holdout_every"])
    silver = [corpus.example(nlp, text, spans) for text, spans in zip(train, corpus.predicted(nlp, train))]
    examples += silver * training["silver_repeat"]
    return examples, held, corpus.predicted(nlp, held)


def train(nlp, examples: list, training: dict, optimizer, on_epoch) -> None:
    rng = random.Random(training["seed"])
    nlp.resume_training(sgd=optimizer)
    for epoch in range(1, training["epochs"] + 1):
        order = list(examples)
        rng.shuffle(order)
        losses: dict = {}
        started = time.monotonic()
        for batch in minibatch(order, size=training["batch_docs"]):
            nlp.update(batch, sgd=optimizer, drop=training["dropout"], losses=losses)
        on_epoch(epoch, round(float(losses.get("ner", 0.0)), 1), round(time.monotonic() - started, 1))


def save(nlp, optimizer, output: Path) -> None:
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.meta.update(name="news_ner", version="1.0.0",
                    description="en_core_web_sm NER fine-tuned on CoNLL-2003 train and silver recent news")
    for key in ("performance", "components", "disabled"):
        nlp.meta.pop(key, None)
    with nlp.use_params(optimizer.averages):
        nlp.to_disk(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path(__file__).with_name("ner.cfg"))
    parser.add_argument("--epochs", type=int, help="override [training] epochs")
    parser.add_argument("--silver-repeat", type=int, help="override [training] silver_repeat (0: CoNLL only)")
    parser.add_argument("--limit", type=int, help="use only the first DOCS documents of each corpus (smoke runs)")
    parser.add_argument("--output", type=Path, help="override [paths] output")
    parser.add_argument("--dev", type=Path, help="CoNLL file to report raw-model F1 on after each epoch")
    parser.add_argument("--checkpoints", type=Path, help="also save the model after each epoch in DIR/epoch-N")
    args = parser.parse_args(argv)
    config = Config().from_disk(args.config)
    paths, training = config["paths"], dict(config["training"])
    if args.epochs:
        training["epochs"] = args.epochs
    if args.silver_repeat is not None:
        training["silver_repeat"] = args.silver_repeat
    output = args.output or REPO / paths["output"]
    fix_random_seed(training["seed"])
    nlp = ner.load_model(paths["base"])
    examples, held, reference = build_examples(nlp, paths, training, args.limit)
    optimizer = registry.resolve({"o": config["optimizer"]})["o"]
    history = [{"epoch": 0, **scoring.snapshot(nlp, held, reference, args.dev)}]
    print(json.dumps(history[-1]), flush=True)

    def on_epoch(epoch: int, loss: float, seconds: float) -> None:
        if args.checkpoints:
            save(nlp, optimizer, args.checkpoints / f"epoch-{epoch}")
        with nlp.use_params(optimizer.averages):
            history.append({"epoch": epoch, "loss": loss, "seconds": seconds,
                            **scoring.snapshot(nlp, held, reference, args.dev)})
        print(json.dumps(history[-1]), flush=True)

    train(nlp, examples, training, optimizer, on_epoch)
    save(nlp, optimizer, output)
    if not (args.limit or args.output or args.epochs or args.silver_repeat is not None):
        SUMMARY.write_text(json.dumps({"config": str(args.config.resolve().relative_to(REPO)),
                                       "training": training, "examples": len(examples),
                                       "held_out_recent_articles": len(held), "history": history}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
