"""Where a message came from, and what the pipeline sends on: the seam between Kafka and the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import StrEnum

import orjson

# Headers that travel with a message through replay and redrive.
JOB_HEADER = "x-replay-job"
SOURCE_TOPIC_HEADER = "x-replay-source-topic"
SOURCE_PARTITION_HEADER = "x-replay-source-partition"
SOURCE_OFFSET_HEADER = "x-replay-source-offset"
ATTEMPT_HEADER = "x-redrive-attempt"
# The clean stage forwards its input's exact bytes, and the rest of the record as JSON, to the tag
# stage, so a dead letter of either stage holds the original raw message (see core/dead_letters.py).
ORIGINAL_VALUE_HEADER = "x-newsworker-original-value"
ORIGINAL_RECORD_HEADER = "x-newsworker-original-record"


class Stage(StrEnum):
    """Where a message failed or what produced an output (`stage` of dead-letter.v1)."""

    DECODE = "decode"
    CLEAN = "clean"
    TAG = "tag"


class Reason(StrEnum):
    """Why a message became a dead letter (`error.reason` of dead-letter.v1)."""

    TOO_LARGE = "too_large"
    NOT_UTF8 = "not_utf8"
    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    SCHEMA_VIOLATION = "schema_violation"
    TOMBSTONE = "tombstone"
    EMPTY_ARTICLE = "empty_article"
    STAGE_ERROR = "stage_error"
    BUDGET_EXCEEDED = "budget_exceeded"
    PUBLISH_FAILED = "publish_failed"


@dataclass(frozen=True)
class Origin:
    """The consumed record an article came from."""

    topic: str
    partition: int
    offset: int
    timestamp_ms: int | None = None
    headers: tuple[tuple[str, bytes | None], ...] = ()
    key: bytes | None = None

    def forwarded_headers(self) -> tuple[tuple[str, bytes], ...]:
        """Replay and redrive headers, carried from stage to stage so the next one still sees them."""
        return tuple((k, v) for k, v in self.headers
                     if v is not None and (k.startswith("x-replay-") or k == ATTEMPT_HEADER))

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name and value is not None:
                return value.decode("utf-8", "replace")
        return None


@dataclass(frozen=True)
class Output:
    """One record to publish: to the stage's output topic, or to the dead-letter topic."""

    key: bytes
    value: bytes
    stage: Stage
    reason: Reason | None = None  # set on dead letters
    article: dict | None = field(default=None, compare=False, repr=False)
    headers: tuple[tuple[str, bytes], ...] = ()

    @property
    def dead(self) -> bool:
        return self.reason is not None


class Rejected(Exception):
    """An input the pipeline refuses, with the dead-letter reason."""

    def __init__(self, stage: Stage, reason: Reason, message: str, error_type: str | None = None):
        super().__init__(message)
        self.stage = stage
        self.reason = reason
        self.error_type = error_type or type(self).__name__


def dumps(message: dict) -> bytes:
    return orjson.dumps(message)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def replay_headers(headers, topic: str, partition: int, offset: int, job_id: str | None) -> list:
    """The record's headers with its original coordinates added, unless it already carries them (a
    record replayed again keeps its first coordinates), and the job id, if given, replacing any other."""
    kept = [(k, v) for k, v in headers if not (job_id and k == JOB_HEADER)]
    if not any(k == SOURCE_TOPIC_HEADER for k, _ in kept):
        kept += [(SOURCE_TOPIC_HEADER, topic.encode()), (SOURCE_PARTITION_HEADER, str(partition).encode()),
                 (SOURCE_OFFSET_HEADER, str(offset).encode())]
    return kept + ([(JOB_HEADER, job_id.encode())] if job_id else [])
