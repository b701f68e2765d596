"""Measurements in this process, without a broker: raw NER of the configured model (the limit) and
where an article's time goes in the stages."""

from __future__ import annotations

import multiprocessing
import time

import orjson

from worker.core import pipeline
from worker.core.messages import Origin
from worker.core.settings import Settings
from worker.tagging import ner
from worker.tagging.document import Document

BATCH = 16


def origin(i: int) -> Origin:
    return Origin(topic="articles.raw", partition=0, offset=i, timestamp_ms=0)


def _cleaned(values: list[bytes], settings: Settings) -> list:
    return [pipeline.clean_message(v, o, settings) for v, o in inputs_of(values)]


def _per_article(run, n: int, times: int = 3) -> float:
    """The best of `times` runs: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best / n


def inputs_of(values: list[bytes]) -> list[tuple[bytes, Origin]]:
    """Raw articles as the stages take them: (value, origin) pairs."""
    return [(v, origin(i)) for i, v in enumerate(values)]


def batches(items: list) -> list[list]:
    return [items[i:i + BATCH] for i in range(0, len(items), BATCH)]


def stage_costs(values: list[bytes], settings: Settings) -> dict[str, float]:
    """Seconds per article: raw NER (nlp.pipe alone on the texts the tagger gives it, batches of 16),
    and the stage parts: clean (decode, validate, clean, encode), NER as the tagger calls it, the
    rest of tagging (entities, topics, keywords, quotes, language, near-duplicates), the whole tag
    stage, and both stages in one call as the default worker runs them."""
    tagger = pipeline.load_tagger(settings)
    first = _first_pass(values, tagger, settings)
    cleaned = [out for out in _cleaned(values, settings) if not out.dead]
    articles = [orjson.loads(out.value) for out in cleaned]
    texts = [Document.of(a).text for a in articles]
    inputs = [(out.value, Origin("articles.cleaned", 0, i, 0, headers=out.headers)) for i, out in enumerate(cleaned)]
    for batch in batches(inputs)[:2]:  # warm up
        pipeline.tag_messages(batch, tagger, settings)
    n = len(articles)
    raw = _per_article(lambda: [list(tagger.nlp.pipe(b, batch_size=BATCH)) for b in batches(texts)], n)
    found = _per_article(lambda: [ner.find(tagger.nlp, b, BATCH, settings.max_model_chars) for b in batches(texts)], n)
    tag_many = _per_article(lambda: [tagger.tag_many(b) for b in batches(articles)], n)
    tag_stage = _per_article(lambda: [pipeline.tag_messages(b, tagger, settings) for b in batches(inputs)], n)
    clean = _per_article(lambda: _cleaned(values, settings), len(values))
    raw_inputs = inputs_of(values)
    both = _per_article(lambda: [pipeline.clean_and_tag(b, tagger, settings) for b in batches(raw_inputs)],
                        len(values))
    return {"raw_ner": raw, "clean_stage": clean, "ner": found, "rest_of_tagging": tag_many - found,
            "tag_stage": tag_stage, "clean_and_tag (one agent)": both, "clean_and_tag, first pass": first}


def ner_texts(values: list[bytes], settings: Settings) -> list[str]:
    """The texts the tagger gives the NER model for these raw articles."""
    return [Document.of(orjson.loads(out.value)).text for out in _cleaned(values, settings) if not out.dead]


def raw_ner_rate(texts: list[str], processes: int, model: str) -> float:
    """Articles per second of raw NER (nlp.pipe, batches of 16, one pass as a stream meets them)
    over `texts`, shared by `processes` processes that start together once their model is loaded
    and warmed up: with two, what the machine gives two NER processes side by side."""
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(processes), ctx.Queue()
    running = [ctx.Process(target=_raw_ner, args=(texts[i::processes], model, start, results))
               for i in range(processes)]
    for process in running:
        process.start()
    spans = [results.get() for _ in running]
    for process in running:
        process.join()
    return len(texts) / (max(end for _, end in spans) - min(begin for begin, _ in spans))


def _raw_ner(texts: list[str], model: str, start, results) -> None:
    nlp = ner.load_model(model)
    list(nlp.pipe(texts[-BATCH:], batch_size=BATCH))  # warm up on the last batch, timed again below
    start.wait()
    began = time.time()
    for batch in batches(texts):
        list(nlp.pipe(batch, batch_size=BATCH))
    results.put((began, time.time()))


def _first_pass(values: list[bytes], tagger, settings: Settings) -> float:
    """Both stages once over articles this process has not seen (after one warm-up batch), as the
    stream meets them; the best-of-3 timings repeat the same articles."""
    raw_inputs = inputs_of(values)
    pipeline.clean_and_tag(raw_inputs[:BATCH], tagger, settings)
    rest = raw_inputs[BATCH:]
    started = time.perf_counter()
    for batch in batches(rest):
        pipeline.clean_and_tag(batch, tagger, settings)
    return (time.perf_counter() - started) / len(rest)
