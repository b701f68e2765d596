"""`newsworker enrich`: the same pipeline without Kafka, JSON lines in and out, in order.

One line per input on stdout (enriched, or the dead letter unless --dead-letters sends those to a
file), a summary line on stderr, a progress bar when stderr is a terminal; with --strict the exit
status is 1 when anything was dead-lettered."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field

from tqdm import tqdm

from worker.commands._inputs import read_inputs
from worker.core import pipeline
from worker.core.messages import Origin, Output
from worker.core.settings import Settings, from_env
from worker.core.timestamps import UNPARSED


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", help="JSON lines (raw-article.v1) or .txt files; '-' for stdin")
    parser.add_argument("--dead-letters", metavar="FILE", help="write dead letters here instead of to stdout")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when any input was dead-lettered")


def enrich(items, settings: Settings, tagger):
    """(value, origin) pairs -> one Output per input, in order: enriched or dead letter."""
    batch: list[Output] = []
    for value, origin in items:
        batch.append(pipeline.clean_message(value, origin, settings))
        if len(batch) >= settings.batch_size:
            yield from _tag(batch, settings, tagger)
            batch = []
    yield from _tag(batch, settings, tagger)


def _tag(cleaned: list[Output], settings: Settings, tagger):
    live = [(out.value, Origin(settings.topics.cleaned, 0, i)) for i, out in enumerate(cleaned) if not out.dead]
    tagged = iter(pipeline.tag_messages(live, tagger, settings))
    for out in cleaned:
        yield out if out.dead else next(tagged)


@dataclass
class Summary:
    read: int = 0
    enriched: int = 0
    dead: Counter = field(default_factory=Counter)
    unparsed_timestamps: int = 0

    def add(self, output: Output) -> None:
        self.read += 1
        if output.dead:
            self.dead[output.reason.value] += 1
            return
        self.enriched += 1
        self.unparsed_timestamps += len((output.article.get("metadata") or {}).get(UNPARSED, {}))

    def line(self) -> str:
        reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.dead.items()))
        text = f"enrich: read {self.read}, enriched {self.enriched}, dead letters {sum(self.dead.values())}"
        text += f" ({reasons})" if reasons else ""
        if self.unparsed_timestamps:
            text += f"; {self.unparsed_timestamps} unparseable timestamps kept in metadata.{UNPARSED}"
        return text


def main(args: argparse.Namespace) -> int:
    settings = from_env()
    inputs = read_inputs(args.files)  # checks the files before the model loads
    tagger = pipeline.load_tagger(settings)
    items = ((value, Origin(f"file:{name}", 0, line)) for name, line, value in inputs)
    summary = Summary()
    with ExitStack() as stack:
        out = sys.stdout.buffer
        dead = stack.enter_context(open(args.dead_letters, "wb")) if args.dead_letters else out
        bar = stack.enter_context(tqdm(unit=" articles", file=sys.stderr, disable=None, leave=False))
        for output in enrich(items, settings, tagger):
            (dead if output.dead else out).write(output.value + b"\n")
            out.flush()
            summary.add(output)
            bar.update()
    print(summary.line(), file=sys.stderr)
    return 1 if args.strict and summary.dead else 0
