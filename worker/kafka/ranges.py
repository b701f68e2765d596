"""Bounded reading of a topic: plan a per-partition offset range (from offsets or times), then read
exactly that range once.

The end of a range is fixed when it is planned, from the highwater a fetch reports (ListOffsets
LATEST is not trusted: some Kafka-protocol brokers answer it wrongly). Times are resolved with
`offsets_for_times`, and the answer is checked against the records themselves: the record at the
answer must not be older than the time and the one before it must be. When the check fails (e.g. a
broker that answers by arrival time, and records produced with old timestamps) a binary search over
record timestamps finds the offset instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import AsyncIterator, Awaitable, Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord


log = logging.getLogger(__name__)

ALL = None  # the key of an offset that applies to every partition


class RangeError(Exception):
    """A range that cannot be read as asked (e.g. its start is no longer retained)."""


@dataclass(frozen=True)
class PartitionRange:
    """The part of one partition to read: offsets [start, end)."""

    partition: int
    start: int
    end: int
    low: int  # earliest retained offset when planned
    high: int  # highwater when planned
    resolved_by: str = "offsets"  # how the start/end were found: offsets, broker, search

    @property
    def count(self) -> int:
        return max(self.end - self.start, 0)


# -- parsing ---------------------------------------------------------------------------------------
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_time(text: str, now_ms: int | None = None) -> int:
    """ISO 8601 (UTC if no zone), or a time ago: '30m', '2h', '1d' (units s, m, h, d, w) -> epoch ms."""
    text = text.strip()
    amount, unit = text[:-1], text[-1:].lower()
    if unit in _UNITS and amount.isdigit():
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        return now_ms - int(amount) * _UNITS[unit] * 1000
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is neither an ISO 8601 time (2026-11-20T09:30:00Z) "
                         "nor a time ago (30m, 2h, 1d)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


def format_time(ms: int | None) -> str:
    if ms is None or ms < 0:
        return "-"
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_offsets(text: str) -> dict[int | None, int]:
    """'100' (every partition) or '0:100,3:250' (per partition)."""
    offsets: dict[int | None, int] = {}
    for part in text.split(","):
        partition, sep, offset = part.strip().rpartition(":")
        offsets[int(partition) if sep else ALL] = int(offset)
    return offsets


def parse_partitions(text: str) -> list[int]:
    return sorted({int(p) for p in text.split(",") if p.strip()})


def offset_for(offsets: dict[int | None, int] | None, partition: int) -> int | None:
    if not offsets:
        return None
    return offsets.get(partition, offsets.get(ALL))


def clamp_start(partition: int, start: int, low: int, clamp: bool) -> int:
    """A start before the earliest retained offset is an error, or the earliest with `clamp`."""
    if start >= low:
        return start
    _history_gone(f"partition {partition}: start offset {start} is before the earliest retained "
                  f"offset {low}; {low - start} records are gone", clamp)
    return low


def _history_gone(message: str, clamp: bool) -> None:
    """Asked-for records are no longer retained: an error, or only a warning with --clamp."""
    if not clamp:
        raise RangeError(message + " (use --clamp to start at the earliest retained record)")
    log.warning("%s; clamped", message)


# -- partitions and single records ---------------------------------------------------------------
async def partitions_of(client: AIOKafkaConsumer, topic: str, wanted: list[int] | None = None,
                        timeout: float = 10.0) -> list[TopicPartition]:
    deadline = time.monotonic() + timeout
    found = client.partitions_for_topic(topic)
    while not found and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        await client._client.force_metadata_update()
        found = client.partitions_for_topic(topic)
    if not found:
        raise RangeError(f"topic {topic} does not exist")
    missing = set(wanted or ()) - found
    if missing:
        raise RangeError(f"topic {topic} has no partition {sorted(missing)}")
    return [TopicPartition(topic, p) for p in sorted(wanted or found)]


async def watermarks(client: AIOKafkaConsumer, tps: list[TopicPartition],
                     timeout: float = 15.0) -> dict[TopicPartition, tuple[int, int]]:
    """(earliest retained offset, highwater) of each partition, the highwater as a fetch reports it."""
    client.assign(tps)
    lows = await client.beginning_offsets(tps)
    asked_ms = int(time.time() * 1000)
    for tp in tps:
        client.seek(tp, lows[tp])
    deadline = time.monotonic() + timeout
    while not all(_fetched_since(client, tp, asked_ms) for tp in tps):
        if time.monotonic() > deadline:
            raise RangeError("no fetch response within %ss for %s" % (timeout, tps))
        await client.getmany(*tps, timeout_ms=100, max_records=1)
    return {tp: (lows[tp], client.highwater(tp)) for tp in tps}


def _fetched_since(client: AIOKafkaConsumer, tp: TopicPartition, ms: int) -> bool:
    return client.highwater(tp) is not None and (client.last_poll_timestamp(tp) or 0) >= ms


async def record_at(client: AIOKafkaConsumer, tp: TopicPartition, offset: int,
                    timeout: float = 10.0) -> ConsumerRecord | None:
    """The first record at or after `offset` (offsets can have gaps), or None if there is none."""
    client.seek(tp, offset)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = (await client.getmany(tp, timeout_ms=200, max_records=1)).get(tp)
        if records:
            return records[0]
        if client.highwater(tp) is not None and await client.position(tp) >= client.highwater(tp):
            return None
    return None


# -- times to offsets ------------------------------------------------------------------------------
Probe = Callable[[int], Awaitable[tuple[int, int] | None]]  # offset -> (offset, timestamp) found


async def first_at_or_after(probe: Probe, target_ms: int, low: int, high: int) -> int:
    """Binary search: the first offset in [low, high) whose record's timestamp is >= target_ms, or high.
    Assumes timestamps do not decrease with offset (as with live producers or LogAppendTime)."""
    while low < high:
        middle = (low + high) // 2
        found = await probe(middle)
        if found is None or found[0] >= high or found[1] >= target_ms:
            high = middle
        else:
            low = found[0] + 1
    return low


async def offset_for_time(client: AIOKafkaConsumer, tp: TopicPartition, target_ms: int,
                          low: int, high: int) -> tuple[int, str]:
    """The first offset whose record timestamp is >= target_ms (high if none), and how it was found."""
    if low >= high:
        return high, "empty"
    try:
        answer = (await client.offsets_for_times({tp: target_ms})).get(tp)
        guess = high if answer is None or answer.timestamp < 0 else answer.offset
    except KafkaError as exc:  # e.g. a broker without the timestamp lookup
        log.info("%s: offsets_for_times failed (%r)", tp, exc)
        guess = -1
    if await _verified(client, tp, target_ms, guess, low, high):
        return guess, "broker"
    log.info("%s: broker answered offset %s for %s; checking failed, searching record timestamps",
             tp, guess, format_time(target_ms))
    return await first_at_or_after(_prober(client, tp), target_ms, low, high), "search"


async def _verified(client, tp, target_ms: int, guess: int, low: int, high: int) -> bool:
    if not low <= guess <= high:
        return False
    if guess < high:
        at = await record_at(client, tp, guess)
        if at is None or at.timestamp < target_ms:
            return False
    if guess > low:
        before = await record_at(client, tp, guess - 1)
        if before is None or before.offset != guess - 1 or before.timestamp >= target_ms:
            return False
    return True


def _prober(client: AIOKafkaConsumer, tp: TopicPartition) -> Probe:
    async def probe(offset: int):
        found = await record_at(client, tp, offset)
        return None if found is None else (found.offset, found.timestamp)
    return probe


async def check_retained_since(client, tp: TopicPartition, since_ms: int, low: int, high: int,
                               clamp: bool) -> None:
    """When records were deleted (low > 0) and the earliest kept is newer than `since`, part of the
    asked history is gone: an error, or a warning with `clamp`."""
    if low == 0 or low >= high:
        return
    earliest = await record_at(client, tp, low)
    if earliest is None or earliest.timestamp <= since_ms:
        return
    _history_gone(f"partition {tp.partition}: the earliest retained record (offset {low}) is from "
                  f"{format_time(earliest.timestamp)}, after --since {format_time(since_ms)}; "
                  "older records are gone", clamp)


# -- planning and reading --------------------------------------------------------------------------
@dataclass(frozen=True)
class Bounds:
    """What to read, as asked: times in epoch ms, offsets from parse_offsets."""

    since_ms: int | None = None
    until_ms: int | None = None
    from_offsets: dict | None = None
    to_offsets: dict | None = None
    clamp: bool = False

    def in_time(self, timestamp_ms: int) -> bool:
        return ((self.since_ms is None or timestamp_ms >= self.since_ms)
                and (self.until_ms is None or timestamp_ms < self.until_ms))


def chosen_partitions(partitions: list[int] | None, bounds: Bounds) -> list[int] | None:
    """Explicit partitions, else those named in per-partition offsets, else None (all)."""
    if partitions:
        return partitions
    named = {p for offsets in (bounds.from_offsets, bounds.to_offsets) if offsets for p in offsets if p is not ALL}
    has_default = any(offsets and ALL in offsets for offsets in (bounds.from_offsets, bounds.to_offsets))
    return sorted(named) if named and not has_default else None


async def plan(client: AIOKafkaConsumer, topic: str, bounds: Bounds,
               partitions: list[int] | None = None) -> list[PartitionRange]:
    """One range per partition, its end fixed now: a live topic cannot make a read run forever."""
    tps = await partitions_of(client, topic, chosen_partitions(partitions, bounds))
    marks = await watermarks(client, tps)
    return [await _partition_range(client, tp, *marks[tp], bounds) for tp in tps]


async def _partition_range(client, tp: TopicPartition, low: int, high: int, bounds: Bounds) -> PartitionRange:
    how = "offsets"
    start = offset_for(bounds.from_offsets, tp.partition)
    if start is not None:
        start = clamp_start(tp.partition, start, low, bounds.clamp)
    elif bounds.since_ms is not None:
        await check_retained_since(client, tp, bounds.since_ms, low, high, bounds.clamp)
        start, how = await offset_for_time(client, tp, bounds.since_ms, low, high)
    else:
        start = low
    end = offset_for(bounds.to_offsets, tp.partition)
    if end is None and bounds.until_ms is not None:
        end, until_how = await offset_for_time(client, tp, bounds.until_ms, max(start, low), high)
        how = until_how if how == "offsets" else f"{how}/{until_how}"
    end = high if end is None else min(end, high)
    return PartitionRange(tp.partition, min(start, high), max(end, min(start, high)), low, high, how)


async def read(client: AIOKafkaConsumer, topic: str,
               ranges: list[PartitionRange]) -> AsyncIterator[ConsumerRecord]:
    """Every record of the ranges once, in offset order within a partition."""
    ends = {TopicPartition(topic, s.partition): s.end for s in ranges if s.count}
    if not ends:
        return
    client.assign(list(ends))
    for r in ranges:
        if r.count:
            client.seek(TopicPartition(topic, r.partition), r.start)
    while ends:
        batches = await client.getmany(*ends, timeout_ms=500)
        for tp, records in batches.items():
            for record in records:
                if record.offset >= ends.get(tp, -1):
                    break
                yield record
        for tp in list(ends):
            if await client.position(tp) >= ends[tp]:
                client.pause(tp)
                del ends[tp]
