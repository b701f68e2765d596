"""Runs the pure stages on message bytes: decode and validate, clean, tag, or dead-letter.

No Kafka here: the agents in app.py and the offline `enrich` command both call these functions.
"""

from __future__ import annotations

import logging
from typing import Sequence

import orjson

from worker import cleaning, deadletter, schemas
from worker.ids import article_id, id_of_bytes
from worker.messages import (JOB_HEADER, SOURCE_OFFSET_HEADER, SOURCE_PARTITION_HEADER, SOURCE_TOPIC_HEADER,
                             Origin, Output, Rejected, dumps, now_iso)
from worker.settings import Settings

log = logging.getLogger(__name__)


def decode(value: bytes, max_bytes: int, schema: str) -> dict:
    """Bytes -> a schema-valid JSON object, or Rejected with the dead-letter reason."""
    if len(value) > max_bytes:
        raise Rejected("decode", "too_large", f"payload of {len(value)} bytes exceeds the limit of {max_bytes}")
    try:
        message = orjson.loads(value)  # orjson also rejects invalid UTF-8
    except orjson.JSONDecodeError as exc:
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as not_utf8:
            raise Rejected("decode", "not_utf8", f"payload is not UTF-8: {not_utf8}") from exc
        raise Rejected("decode", "invalid_json", f"payload is not JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise Rejected("decode", "not_an_object", f"payload is a JSON {type(message).__name__}, not an object")
    problems = schemas.errors(schema, message)
    if problems:
        raise Rejected("decode", "schema_violation", f"not a valid {schema}: " + "; ".join(problems[:5]))
    return message


def _dead(value: bytes, origin: Origin, settings: Settings, exc: Exception,
          stage: str, key_hint: str | None) -> Output:
    if isinstance(exc, Rejected):
        stage, reason, error_type = exc.stage, exc.reason, exc.error_type
    elif isinstance(exc, cleaning.EmptyArticle):
        reason, error_type = "empty_article", type(exc).__name__
    else:
        reason, error_type = "stage_error", type(exc).__name__
    record = deadletter.record(value, origin, stage=stage, reason=reason, error_type=error_type,
                               message=str(exc) or error_type, pipeline_version=settings.pipeline_version,
                               article_id=key_hint)
    key = (key_hint.encode() if key_hint else origin.key) or b""
    return Output(key=key, value=dumps(record), dead=True, stage=stage, reason=reason, article=record)


def _provenance(origin: Origin, settings: Settings) -> dict:
    return {
        "pipeline_version": settings.pipeline_version,
        "source_topic": origin.header(SOURCE_TOPIC_HEADER) or origin.topic,
        "source_partition": int(origin.header(SOURCE_PARTITION_HEADER) or origin.partition),
        "source_offset": int(origin.header(SOURCE_OFFSET_HEADER) or origin.offset),
        "source_timestamp_ms": origin.timestamp_ms,
        "received_at": now_iso(),
        "replay_job": origin.header(JOB_HEADER),
        "stages": {},
    }


def publish_failed(value: bytes, origin: Origin, settings: Settings, exc: Exception, stage: str) -> Output:
    """The dead letter for an input whose output the broker refused."""
    rejected = Rejected(stage, "publish_failed", f"output refused by the broker: {exc!r}", type(exc).__name__)
    return _dead(value, origin, settings, rejected, stage, id_of_bytes(value))


def clean_message(value: bytes, origin: Origin, settings: Settings) -> Output:
    """raw-article.v1 bytes -> a cleaned-article.v1 output, or a dead letter."""
    key_hint = None
    try:
        raw = decode(value, settings.max_message_bytes, "raw-article.v1")
        key_hint = article_id(raw)
        cleaned = cleaning.clean(raw)
        provenance = _provenance(origin, settings)
        provenance["cleaned_at"] = now_iso()
        article = {"schema": "cleaned-article.v1", "id": key_hint, **cleaned, "provenance": provenance}
        return Output(key=key_hint.encode(), value=dumps(article), stage="clean", article=article,
                      headers=origin.forwarded_headers())
    except Exception as exc:  # every failure becomes a dead letter; the stream keeps flowing
        if not isinstance(exc, (Rejected, cleaning.EmptyArticle)):
            log.exception("clean stage failed on %s[%d]@%d", origin.topic, origin.partition, origin.offset)
        return _dead(value, origin, settings, exc, "clean", key_hint or id_of_bytes(value))


def _tag_one(tagger, article: dict) -> dict | Exception:
    try:
        [result] = tagger.tag_many([article])
        return result
    except Exception as exc:
        return exc


def tag_messages(batch: Sequence[tuple[bytes, Origin]], tagger, settings: Settings) -> list[Output]:
    """cleaned-article.v1 bytes -> enriched-article.v1 outputs (or dead letters), in order.

    The batch goes through the tagger at once (the NER model is much faster on batches); if the
    batch fails, each article is retried alone so one bad article cannot sink the others."""
    outputs: list[Output | None] = [None] * len(batch)
    articles, slots = [], []
    for i, (value, origin) in enumerate(batch):
        try:
            articles.append(decode(value, settings.max_output_bytes, "cleaned-article.v1"))
            slots.append(i)
        except Rejected as exc:
            outputs[i] = _dead(value, origin, settings, exc, "tag", id_of_bytes(value))
    if not articles:
        return outputs
    try:
        results = tagger.tag_many(articles)
        if len(results) != len(articles):
            raise ValueError(f"tagger returned {len(results)} articles for {len(articles)}")
    except Exception:
        log.exception("tag stage failed on a batch of %d; retrying one by one", len(articles))
        results = [_tag_one(tagger, article) for article in articles]
    for i, article, result in zip(slots, articles, results):
        value, origin = batch[i]
        if isinstance(result, Exception):
            outputs[i] = _dead(value, origin, settings, result, "tag", article.get("id"))
            continue
        result["provenance"]["pipeline_version"] = settings.pipeline_version
        result["provenance"]["processed_at"] = now_iso()
        outputs[i] = Output(key=article["id"].encode(), value=dumps(result), stage="tag", article=result)
    return outputs
