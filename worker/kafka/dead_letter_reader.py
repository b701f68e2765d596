"""Streaming reads of the dead-letter topic: the dead letters matching a selection, one at a time,
up to the highwater seen when the read was planned; or the one at a given place."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass

import orjson
from aiokafka import TopicPartition

from worker.core.settings import Settings
from worker.kafka import clients, ranges


@dataclass(frozen=True)
class Selection:
    reasons: frozenset[str] = frozenset()
    stages: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    since_ms: int | None = None
    until_ms: int | None = None

    def match(self, letter: dict) -> bool:
        return ((not self.reasons or letter["error"]["reason"] in self.reasons)
                and (not self.stages or letter["stage"] in self.stages)
                and (not self.ids or letter.get("id") in self.ids))


@dataclass(frozen=True)
class Letter:
    """A dead letter and where it sits in the dead-letter topic."""

    partition: int
    offset: int
    timestamp_ms: int
    body: dict

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"


@asynccontextmanager
async def planned_read(settings: Settings, selection: Selection):
    """A consumer and the dead-letter topic's range up to the highwater seen now."""
    client = clients.consumer(settings)
    await client.start()
    try:
        bounds = ranges.Bounds(since_ms=selection.since_ms, until_ms=selection.until_ms, clamp=True)
        yield client, bounds, await ranges.plan(client, settings.topics.dlq, bounds)
    finally:
        await client.stop()


async def matching(client, topic: str, bounds: ranges.Bounds, planned, selection: Selection):
    async for record in ranges.read(client, topic, planned):
        body = _parse(record.value)
        if body and bounds.in_time(record.timestamp) and selection.match(body):
            yield Letter(record.partition, record.offset, record.timestamp, body)


async def letters(settings: Settings, selection: Selection):
    """The matching dead letters up to the highwater seen now, streamed in offset order per partition."""
    async with planned_read(settings, selection) as (client, bounds, planned):
        async for letter in matching(client, settings.topics.dlq, bounds, planned, selection):
            yield letter


def _parse(value: bytes | None) -> dict | None:
    try:
        body = orjson.loads(value or b"")
    except orjson.JSONDecodeError:
        return None
    return body if isinstance(body, dict) and body.get("schema") == "dead-letter.v1" else None


async def letter_at(settings: Settings, partition: int, offset: int) -> Letter | None:
    client = clients.consumer(settings)
    await client.start()
    try:
        tp = TopicPartition(settings.topics.dlq, partition)
        await ranges.watermarks(client, [tp])
        record = await ranges.record_at(client, tp, offset)
        if record is None or record.offset != offset:
            return None
        body = _parse(record.value)
        return Letter(partition, offset, record.timestamp, body) if body else None
    finally:
        await client.stop()
