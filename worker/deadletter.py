"""dead-letter.v1 records: the exact original bytes, where they came from, and why they failed."""

from __future__ import annotations

import base64

from worker.messages import ATTEMPT_HEADER, Origin, now_iso


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def record(value: bytes, origin: Origin, *, stage: str, reason: str, error_type: str,
           message: str, pipeline_version: str, article_id: str | None = None) -> dict:
    attempt = origin.header(ATTEMPT_HEADER)
    return {
        "schema": "dead-letter.v1",
        "id": article_id,
        "original": {"value_b64": _b64(value), "key_b64": _b64(origin.key), "size": len(value)},
        "source": {
            "topic": origin.topic,
            "partition": origin.partition,
            "offset": origin.offset,
            "timestamp_ms": origin.timestamp_ms,
            "headers": [{"key": k, "value_b64": _b64(v)} for k, v in origin.headers],
        },
        "stage": stage,
        "error": {"reason": reason, "type": error_type, "message": message[:2000]},
        "failed_at": now_iso(),
        "pipeline_version": pipeline_version,
        "attempt": int(attempt) if attempt and attempt.isdigit() else 0,
    }


def original_value(dead_letter: dict) -> bytes:
    return base64.b64decode(dead_letter["original"]["value_b64"])


def original_key(dead_letter: dict) -> bytes | None:
    key = dead_letter["original"]["key_b64"]
    return None if key is None else base64.b64decode(key)


def original_headers(dead_letter: dict) -> list[tuple[str, bytes | None]]:
    return [(h["key"], None if h["value_b64"] is None else base64.b64decode(h["value_b64"]))
            for h in dead_letter["source"]["headers"]]
