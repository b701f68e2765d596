"""Where the stages' time goes, part by part: both stages run once over articles this process has not
seen (as the stream meets them), each part of the work timed where it is called. What no part
accounts for (JSON, schema checks, documents, provenance) is the rest."""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import ExitStack
from unittest import mock

from bench.runtime.offline import batches, inputs_of
from worker import cleaning
from worker.core import pipeline
from worker.core.settings import Settings
from worker.tagging import ner, quotes

WARM_UP = 2  # batches run before timing


class _Clock:
    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.on = False

    def timed(self, name: str, fn):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                if self.on:
                    self.seconds[name] += time.perf_counter() - started
        return run


def _parts(tagger) -> list[tuple[object, str, str]]:
    """(owner, attribute, part name) of every timed call: module functions and the tagger's own."""
    return [(cleaning, "clean", "cleaning"), (tagger.language, "detect", "language"), (ner, "find", "NER"),
            (tagger, "find_entities", "entities"), (tagger.topics, "classify", "topics"),
            (tagger.keywords, "extract", "keywords"), (quotes, "extract", "quotes"),
            (tagger.duplicates, "check", "near-duplicates")]


def measure(values: list[bytes], settings: Settings) -> dict[str, float]:
    """Seconds per article of each part of both stages, and of the whole call ("total")."""
    tagger = pipeline.load_tagger(settings)
    every = batches(inputs_of(values))
    warm_up, timed = every[:WARM_UP], every[WARM_UP:]
    clock = _Clock()
    with ExitStack() as patches:
        for owner, attribute, name in _parts(tagger):
            patches.enter_context(mock.patch.object(owner, attribute, clock.timed(name, getattr(owner, attribute))))
        for batch in warm_up:
            pipeline.clean_and_tag(batch, tagger, settings)
        clock.on = True
        started = time.perf_counter()
        for batch in timed:
            pipeline.clean_and_tag(batch, tagger, settings)
        total = time.perf_counter() - started
    n = sum(map(len, timed))
    parts = {name: seconds / n for name, seconds in clock.seconds.items()}
    return {**parts, "the rest (JSON, schemas, documents, provenance)": total / n - sum(parts.values()),
            "total": total / n}
