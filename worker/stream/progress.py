"""Per-partition progress: what is assigned, how far we got, the lag, and whether a partition stalls.

Plain data keyed by (topic, partition); the app feeds it from rebalance callbacks and processed
batches, the metrics and /readyz read it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

TopicPartition = tuple[str, int]


@dataclass
class PartitionState:
    next_offset: int | None = None  # offset after the last one we finished
    start_offset: int | None = None  # where we started on this partition, until one is finished
    taken: int | None = None  # the newest offset taken into processing
    highwater: int | None = None
    last_timestamp_ms: int | None = None  # Kafka timestamp of the last record finished
    progressed_at: float = field(default_factory=time.monotonic)

    @property
    def lag(self) -> int | None:
        base = self.start_offset if self.next_offset is None else self.next_offset
        if self.highwater is None or base is None:
            return None
        return max(self.highwater - base, 0)

    def lag_seconds(self, now_ms: int) -> float:
        """How far behind in time: zero when caught up, else the age of the last record finished."""
        if not self.lag or self.last_timestamp_ms is None:
            return 0.0
        return max(now_ms - self.last_timestamp_ms, 0) / 1000


class Progress:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self.partitions: dict[TopicPartition, PartitionState] = {}

    def assigned(self, tps) -> None:
        for tp in tps:
            self.partitions.setdefault(tp, PartitionState(progressed_at=self._clock()))

    def revoked(self, tps) -> list[TopicPartition]:
        gone = [tp for tp in tps if self.partitions.pop(tp, None) is not None]
        return gone

    def fetched(self, tp: TopicPartition, offset: int) -> None:
        """A record entered processing. Until one is finished, the lowest such offset is where we
        started, so a partition whose first record hangs still shows as pending."""
        state = self.partitions.get(tp)
        if state is None:
            return
        state.taken = offset if state.taken is None else max(state.taken, offset)
        if state.next_offset is None:
            state.start_offset = offset if state.start_offset is None else min(state.start_offset, offset)

    def done(self, tp: TopicPartition, offset: int, timestamp_ms: int | None = None) -> None:
        state = self.partitions.get(tp)
        if state is None:  # revoked while the record was in flight: no longer ours to report
            return
        if state.next_offset is None or offset + 1 > state.next_offset:
            state.next_offset = offset + 1
            state.last_timestamp_ms = timestamp_ms
        state.progressed_at = self._clock()

    def observe(self, tp: TopicPartition, highwater: int | None, position: int | None) -> None:
        """Record the broker's highwater; position is where the consumer would read next and stands
        in for our progress until a record of this partition enters processing."""
        state = self.partitions.get(tp)
        if state is None:
            return
        state.highwater = highwater
        if state.start_offset is None and position is not None:
            state.start_offset = position
        if state.lag == 0:
            state.progressed_at = self._clock()  # idle is not stalled

    def waiting(self, highwater: Callable[[TopicPartition], int | None]) -> int | None:
        """Records after the newest one taken, over the partitions taken from; `highwater(tp)` is
        the consumer's (from its last fetch; it raises for a partition revoked meanwhile). None when
        a partition's highwater is not known."""
        waiting = 0
        for tp, state in list(self.partitions.items()):
            if state.taken is None:
                continue
            try:
                mark = highwater(tp)
            except Exception:  # revoked meanwhile
                continue
            if mark is None:
                return None
            waiting += max(mark - state.taken - 1, 0)
        return waiting

    def stalled(self, after_seconds: float) -> list[TopicPartition]:
        now = self._clock()
        return [tp for tp, s in self.partitions.items()
                if s.lag and now - s.progressed_at > after_seconds]

    def readiness(self, after_seconds: float) -> tuple[bool, str]:
        if not self.partitions:
            return False, "no partitions assigned"
        stalled = self.stalled(after_seconds)
        if stalled:
            names = ", ".join(f"{t}[{p}]" for t, p in sorted(stalled))
            return False, f"no progress for {after_seconds:g}s with pending messages: {names}"
        return True, f"{len(self.partitions)} partitions assigned, all progressing or idle"
