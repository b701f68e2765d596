"""Where a message came from, and what the pipeline sends on: the seam between Kafka and the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import orjson

# Headers that travel with a message through replay and redrive.
JOB_HEADER = "x-replay-job"
SOURCE_TOPIC_HEADER = "x-replay-source-topic"
SOURCE_PARTITION_HEADER = "x-replay-source-partition"
SOURCE_OFFSET_HEADER = "x-replay-source-offset"
ATTEMPT_HEADER = "x-redrive-attempt"


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
    dead: bool = False
    stage: str = ""
    reason: str | None = None
    article: dict | None = field(default=None, compare=False, repr=False)
    headers: tuple[tuple[str, bytes], ...] = ()


class Rejected(Exception):
    """An input the pipeline refuses, with the dead-letter reason."""

    def __init__(self, stage: str, reason: str, message: str, error_type: str | None = None):
        super().__init__(message)
        self.stage = stage
        self.reason = reason
        self.error_type = error_type or type(self).__name__


def dumps(message: dict) -> bytes:
    return orjson.dumps(message)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
