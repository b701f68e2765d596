"""Runs the pure stages on message bytes: decode and validate, clean, tag, or dead-letter.

No Kafka here: the stream runtime and the offline `enrich` command both call these functions.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Sequence

import orjson

from worker import cleaning, tagging
from worker.core import dead_letters, provenance, schemas, timestamps
from worker.core.ids import article_id
from worker.core.messages import Origin, Output, Reason, Rejected, Stage, dumps
from worker.core.settings import Settings

log = logging.getLogger(__name__)


def load_tagger(settings: Settings) -> tagging.Tagger:
    """The tag stage's state (models, gazetteers, the near-duplicate index), loaded once per process."""
    return tagging.Tagger(settings.spacy_model, max_model_chars=settings.max_model_chars)


def decode(value: bytes | None, max_bytes: int, schema: str) -> dict:
    """Bytes -> a schema-valid JSON object, or Rejected with the dead-letter reason."""
    if value is None:
        raise Rejected(Stage.DECODE, Reason.TOMBSTONE, "a tombstone (null value) carries no article")
    if len(value) > max_bytes:
        raise Rejected(Stage.DECODE, Reason.TOO_LARGE, f"payload of {len(value)} bytes exceeds the limit of {max_bytes}")
    try:
        message = orjson.loads(value)  # orjson also rejects invalid UTF-8
    except orjson.JSONDecodeError as exc:
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as not_utf8:
            raise Rejected(Stage.DECODE, Reason.NOT_UTF8, f"payload is not UTF-8: {not_utf8}") from exc
        raise Rejected(Stage.DECODE, Reason.INVALID_JSON, f"payload is not JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise Rejected(Stage.DECODE, Reason.NOT_AN_OBJECT,
                       f"payload is a JSON {type(message).__name__}, not an object")
    problems = schemas.errors(schema, message)
    if problems:
        raise Rejected(Stage.DECODE, Reason.SCHEMA_VIOLATION, f"not a valid {schema}: " + "; ".join(problems[:5]))
    return message


def _reason_of(exc: Exception, stage: Stage) -> tuple[Stage, Reason, str]:
    if isinstance(exc, Rejected):
        return exc.stage, exc.reason, exc.error_type
    if isinstance(exc, cleaning.EmptyArticle):
        return stage, Reason.EMPTY_ARTICLE, type(exc).__name__
    return stage, Reason.STAGE_ERROR, type(exc).__name__


def dead_letter(value: bytes | None, origin: Origin, settings: Settings, exc: Exception, stage: Stage,
                key_hint: str | None = None) -> Output:
    """The dead letter of a stage input for the exception that stopped it."""
    stage, reason, error_type = _reason_of(exc, stage)
    rejected = Rejected(stage, reason, str(exc) or error_type, error_type)
    return dead_letters.of_input(value, origin, rejected, settings.pipeline_version, key_hint)


def clean_message(value: bytes | None, origin: Origin, settings: Settings) -> Output:
    """raw-article.v1 bytes -> a cleaned-article.v1 output, or a dead letter."""
    key_hint = None
    try:
        raw = decode(value, settings.max_message_bytes, "raw-article.v1")
        key_hint = article_id(raw)
        cleaned, unparsed = timestamps.normalise(cleaning.clean(raw))
        if unparsed:
            log.info("%s: unparseable timestamps kept in metadata.%s: %s", key_hint, timestamps.UNPARSED, unparsed)
        article = {"schema": "cleaned-article.v1", "id": key_hint, **cleaned,
                   "provenance": provenance.cleaned(provenance.received(origin, settings.pipeline_version))}
        headers = origin.forwarded_headers() + dead_letters.forward_original(value, origin)
        return Output(key=key_hint.encode(), value=dumps(article), stage=Stage.CLEAN, article=article,
                      headers=headers)
    except Exception as exc:  # every failure becomes a dead letter; the stream keeps flowing
        if not isinstance(exc, (Rejected, cleaning.EmptyArticle)):
            log.exception("clean stage failed on %s[%d]@%d", origin.topic, origin.partition, origin.offset)
        return dead_letter(value, origin, settings, exc, Stage.CLEAN, key_hint)


def _tag_one(tagger, article: dict) -> dict | Exception:
    try:
        [result] = tagger.tag_many([article])
        return result
    except Exception as exc:
        return exc


def _tag_batch(tagger, articles: list[dict]) -> list[dict | Exception]:
    """The batch at once (NER is much faster on batches); if it fails, or answers with the wrong
    number of articles, each article alone so one bad article cannot sink the others."""
    try:
        results = tagger.tag_many(articles)
        if len(results) == len(articles):
            return results
        log.error("tagger returned %d articles for %d; retrying one by one", len(results), len(articles))
    except Exception:
        log.exception("tag stage failed on a batch of %d; retrying one by one", len(articles))
    return [_tag_one(tagger, article) for article in articles]


def tag_messages(batch: Sequence[tuple[bytes | None, Origin]], tagger, settings: Settings) -> list[Output]:
    """cleaned-article.v1 bytes -> enriched-article.v1 outputs (or dead letters), in order."""
    outputs: list[Output | None] = [None] * len(batch)
    decoded = []
    for i, (value, origin) in enumerate(batch):
        try:
            decoded.append((i, decode(value, settings.max_output_bytes, "cleaned-article.v1")))
        except Rejected as exc:
            outputs[i] = dead_letter(value, origin, settings, exc, Stage.TAG)
    for i, out in _tagged(decoded, batch, tagger, settings):
        outputs[i] = out
    return outputs


def _tagged(decoded: list[tuple[int, dict]], inputs, tagger, settings: Settings):
    """(index, enriched output or dead letter) of each decoded cleaned article; `inputs[index]` is
    the (value, origin) it was read from."""
    articles = [article for _, article in decoded]
    for (i, article), result in zip(decoded, _tag_batch(tagger, articles) if articles else []):
        value, origin = inputs[i]
        if isinstance(result, Exception):
            yield i, dead_letter(value, origin, settings, result, Stage.TAG, article.get("id"))
            continue
        result["provenance"] = provenance.processed(result["provenance"], settings.pipeline_version)
        yield i, Output(key=article["id"].encode(), value=dumps(result), stage=Stage.TAG, article=result)


def clean_and_tag(batch: Sequence[tuple[bytes | None, Origin]], tagger, settings: Settings
                  ) -> list[tuple[Output, Output | None]]:
    """Both stages in one call (a worker running them in one agent): each input's cleaned output or
    dead letter and, when it was cleaned, its enriched output or dead letter. The tag stage takes
    the cleaned article as the clean stage made it, without reading it back from bytes."""
    cleaned = [clean_message(value, origin, settings) for value, origin in batch]
    kept = [i for i, out in enumerate(cleaned) if not out.dead]
    as_read = {i: (cleaned[i].value, _as_cleaned(batch[i][1], cleaned[i], settings)) for i in kept}
    tagged = dict(_tagged([(i, cleaned[i].article) for i in kept], as_read, tagger, settings))
    return [(out, tagged.get(i)) for i, out in enumerate(cleaned)]


def _as_cleaned(origin: Origin, cleaned: Output, settings: Settings) -> Origin:
    """The tag stage's input as if read from the cleaned topic: the raw input's coordinates (the
    cleaned record's are not known before it is stored) and the headers that carry the raw message."""
    return replace(origin, topic=settings.topics.cleaned, headers=cleaned.headers, key=cleaned.key)
