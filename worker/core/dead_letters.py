"""dead-letter.v1 records: the exact original bytes, where they came from, and why they failed.

The original is the message as it entered the pipeline, at every stage: the clean stage forwards
its input's bytes, key, coordinates and headers to the tag stage in two headers, so a tag-stage dead
letter still holds the raw message (and a redrive starts it again from the raw topic).
"""

from __future__ import annotations

import base64

import orjson

from worker.core.messages import (ATTEMPT_HEADER, ORIGINAL_RECORD_HEADER, ORIGINAL_VALUE_HEADER,
                                  SOURCE_OFFSET_HEADER, SOURCE_PARTITION_HEADER, SOURCE_TOPIC_HEADER, Origin, Output,
                                  Reason, Rejected, Stage, dumps, now_iso, replay_headers)
from worker.core.ids import id_of_bytes

MAX_ERROR_CHARS = 2000


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def record(value: bytes | None, origin: Origin, *, stage: Stage, reason: Reason, error_type: str,
           message: str, pipeline_version: str, article_id: str | None = None) -> dict:
    attempt = origin.header(ATTEMPT_HEADER)
    original = {"value_b64": _b64(value), "key_b64": _b64(origin.key), "size": len(value or b"")}
    if value is None:
        original["tombstone"] = True
    return {
        "schema": "dead-letter.v1",
        "id": article_id,
        "original": original,
        "source": {
            "topic": origin.topic,
            "partition": origin.partition,
            "offset": origin.offset,
            "timestamp_ms": origin.timestamp_ms,
            "headers": [{"key": k, "value_b64": _b64(v)} for k, v in origin.headers],
        },
        "stage": str(stage),
        "error": {"reason": str(reason), "type": error_type, "message": message[:MAX_ERROR_CHARS]},
        "failed_at": now_iso(),
        "pipeline_version": pipeline_version,
        "attempt": int(attempt) if attempt and attempt.isdigit() else 0,
    }


def forward_original(value: bytes, origin: Origin) -> tuple[tuple[str, bytes], ...]:
    """Headers that carry a raw message to the next stage, so its dead letters keep the original."""
    described = {"key_b64": _b64(origin.key), "topic": origin.topic, "partition": origin.partition,
                 "offset": origin.offset, "timestamp_ms": origin.timestamp_ms,
                 "headers": [[k, _b64(v)] for k, v in origin.headers]}
    return (ORIGINAL_VALUE_HEADER, value), (ORIGINAL_RECORD_HEADER, orjson.dumps(described))


def original_of(value: bytes, origin: Origin) -> tuple[bytes, Origin]:
    """The raw message a stage input came from, when the clean stage forwarded it; else the input."""
    raw = dict(origin.headers)
    if raw.get(ORIGINAL_VALUE_HEADER) is None or raw.get(ORIGINAL_RECORD_HEADER) is None:
        return value, origin
    try:
        d = orjson.loads(raw[ORIGINAL_RECORD_HEADER])
        first = Origin(d["topic"], d["partition"], d["offset"], d["timestamp_ms"],
                       tuple((k, _unb64(v)) for k, v in d["headers"]), _unb64(d["key_b64"]))
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return value, origin
    return raw[ORIGINAL_VALUE_HEADER], first


def original_value(dead_letter: dict) -> bytes | None:
    return _unb64(dead_letter["original"]["value_b64"])


def original_key(dead_letter: dict) -> bytes | None:
    return _unb64(dead_letter["original"]["key_b64"])


def original_headers(dead_letter: dict) -> list[tuple[str, bytes | None]]:
    return [(h["key"], _unb64(h["value_b64"])) for h in dead_letter["source"]["headers"]]


def identity(body: dict) -> tuple:
    """The original record a dead letter stands for: its replay coordinates if it was replayed or
    redriven before, else where it failed."""
    headers = {k: v for k, v in original_headers(body)}
    if SOURCE_TOPIC_HEADER in headers:
        return (headers[SOURCE_TOPIC_HEADER], headers.get(SOURCE_PARTITION_HEADER), headers.get(SOURCE_OFFSET_HEADER))
    source = body["source"]
    return (source["topic"].encode(), str(source["partition"]).encode(), str(source["offset"]).encode())


def redrive_record(body: dict) -> tuple[bytes | None, bytes, list, int | None]:
    """(key, value, headers, timestamp) to send: the original, with the attempt raised by one."""
    source = body["source"]
    headers = [(k, v) for k, v in original_headers(body) if k != ATTEMPT_HEADER]
    headers = replay_headers(headers, source["topic"], source["partition"], source["offset"], None)
    headers.append((ATTEMPT_HEADER, str(body.get("attempt", 0) + 1).encode()))
    return original_key(body), original_value(body), headers, source["timestamp_ms"]


def of_input(value: bytes | None, origin: Origin, rejected: Rejected, pipeline_version: str,
             key_hint: str | None = None) -> Output:
    """The dead letter of a stage input: it holds the raw message the input came from."""
    value, origin = original_of(value, origin) if value is not None else (value, origin)
    key_hint = key_hint or (id_of_bytes(value) if value is not None else None)
    body = record(value, origin, stage=rejected.stage, reason=rejected.reason, error_type=rejected.error_type,
                  message=str(rejected) or rejected.error_type, pipeline_version=pipeline_version,
                  article_id=key_hint)
    key = (key_hint.encode() if key_hint else origin.key) or b""
    return Output(key=key, value=dumps(body), stage=rejected.stage, reason=rejected.reason, article=body)


def publish_failed(value: bytes, origin: Origin, settings, exc: Exception, stage: Stage) -> Output:
    """The dead letter for an input whose output the broker refused."""
    rejected = Rejected(stage, Reason.PUBLISH_FAILED, f"output refused by the broker: {exc!r}", type(exc).__name__)
    return of_input(value, origin, rejected, settings.pipeline_version)
