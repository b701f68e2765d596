"""`newsworker enrich`: the same pipeline without Kafka, JSON lines in and out, in order."""

from __future__ import annotations

import argparse
import sys

from worker import tagging
from worker.commands._inputs import read_inputs
from worker.core import pipeline
from worker.core.messages import Origin, Output
from worker.core.settings import Settings, from_env


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", help="JSON lines (raw-article.v1) or .txt files; '-' for stdin")


def enrich(items, settings: Settings, tagger, batch_size: int = 16):
    """(value, origin) pairs -> one Output per input, in order: enriched or dead letter."""
    batch: list[Output] = []
    for value, origin in items:
        batch.append(pipeline.clean_message(value, origin, settings))
        if len(batch) >= batch_size:
            yield from _tag(batch, settings, tagger)
            batch = []
    yield from _tag(batch, settings, tagger)


def _tag(cleaned: list[Output], settings: Settings, tagger):
    live = [(out.value, Origin(settings.topics.cleaned, 0, i)) for i, out in enumerate(cleaned) if not out.dead]
    tagged = iter(pipeline.tag_messages(live, tagger, settings))
    for out in cleaned:
        yield out if out.dead else next(tagged)


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    tagger = tagging.load(settings.spacy_model)
    items = ((value, Origin(f"file:{name}", 0, line)) for name, line, value in read_inputs(args.files))
    out = sys.stdout.buffer
    for output in enrich(items, settings, tagger, settings.batch_size):
        out.write(output.value + b"\n")
        out.flush()
    return 0
