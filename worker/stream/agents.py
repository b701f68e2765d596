"""The stage agents: thin loops that take a batch, run the stages off the event loop, publish every
output and account for it, a batch per stage process running while earlier ones are published
(overlap.py).
One agent runs both stages (default), or two agents chain them through the cleaned topic. The work
is in core/pipeline.py (run by the stage processes); delivery in publisher.py."""

from __future__ import annotations

import logging
import os
import sys
import time
from functools import partial
from typing import Awaitable, Callable

import faust
from faust.types import TP

from worker.core import dead_letters
from worker.core.messages import Origin, Output, Stage
from worker.core.settings import ONE_AGENT, Settings
from worker.stream.metrics import Metrics
from worker.stream.overlap import InOrder
from worker.stream.progress import Progress
from worker.stream.publisher import Publisher
from worker.stream.stages import BOTH

log = logging.getLogger(__name__)

RAW_BYTES = {"key_serializer": "raw", "value_serializer": "raw"}  # values pass through as bytes
RunStage = Callable[[list], Awaitable[list[Output]]]


def split(taken: int, waiting: int, full: int) -> list[tuple[int, int]]:
    """The batches, as (start, end) ranges, to run for `taken` events taken together. While at
    least `full` more records wait (a backlog: enough for every stage process's next batch), one
    batch: larger batches give more articles per second. Otherwise one batch per event, each
    started when a stage process is free: near capacity an article in a batch also waits for the
    others in it, which is most of the latency tail, while one article per batch costs throughput
    (bench/RESULTS.md)."""
    return [(0, taken)] if waiting >= full else [(i, i + 1) for i in range(taken)]


def origin_of(event) -> Origin:
    m = event.message
    headers = m.headers.items() if isinstance(m.headers, dict) else (m.headers or ())
    return Origin(topic=m.topic, partition=m.partition, offset=m.offset,
                  timestamp_ms=int(m.timestamp * 1000) if m.timestamp else None,
                  headers=tuple((k, v) for k, v in headers), key=m.key)


class Agents:
    def __init__(self, settings: Settings, stages, publisher: Publisher, metrics: Metrics, progress: Progress):
        self.settings, self.stages, self.publisher = settings, stages, publisher
        self.metrics, self.progress = metrics, progress
        self._app: faust.App | None = None  # set by register: its consumer knows the highwaters

    def register(self, app: faust.App) -> None:
        self._app = app
        t = self.settings.topics
        if self.settings.topology == ONE_AGENT:
            app.agent(app.topic(t.raw, t.replay, **RAW_BYTES), name="enrich")(self.enrich_agent)
            return
        app.agent(app.topic(t.raw, t.replay, **RAW_BYTES), name="clean")(self.clean_agent)
        app.agent(app.topic(t.cleaned, **RAW_BYTES), name="tag")(self.tag_agent)

    async def enrich_agent(self, stream) -> None:
        await self._batches(stream, BOTH, self._run_both, self._publish_both)

    async def clean_agent(self, stream) -> None:
        await self._batches(stream, Stage.CLEAN, partial(self._run, stage=Stage.CLEAN, run=self.stages.clean),
                            partial(self._publish, stage=Stage.CLEAN, topic=self.settings.topics.cleaned))

    async def tag_agent(self, stream) -> None:
        await self._batches(stream, Stage.TAG, partial(self._run, stage=Stage.TAG, run=self.stages.tag),
                            partial(self._publish, stage=Stage.TAG, topic=self.settings.topics.enriched))

    async def _batches(self, stream, label: str, run, publish) -> None:
        """A batch is taken when a stage process is free and its stages start at once, while earlier
        batches may still run or be published; its outputs are published after theirs, then its
        inputs are marked done. While the worker keeps up, the events taken run one per batch
        (split), each when a process is free.

        Faust acks a batch's events (making their offsets committable) when the loop resumes, so
        each event is held (one more reference) until its output or dead letter is stored."""
        overlap = InOrder(running=self.stages.size)
        full = self.settings.batch_size * self.stages.size  # records waiting that make a backlog
        await overlap.room()
        async for events in stream.take_events(self.settings.batch_size, within=self.settings.batch_wait):
            batch = [(e.message.value, origin_of(e)) for e in events]
            for event in events:
                event.message.incref()
            self._started(batch)
            for k, (lo, hi) in enumerate(split(len(batch), self._waiting(), full)):
                if k:
                    await overlap.room()
                overlap.start(partial(self._guarded, label, run, batch[lo:hi]),
                              partial(self._finish, label, publish, events[lo:hi], batch[lo:hi]))
            # Taking the next batch waits for room: what arrives meanwhile joins it, not a batch
            # that would wait for this one.
            await overlap.room()

    def _waiting(self) -> int:
        """Records waiting on this worker's partitions; a highwater not known yet counts as a
        backlog (batches stay whole)."""
        waiting = self.progress.waiting(lambda tp: self._app.consumer.highwater(TP(*tp)))
        return sys.maxsize if waiting is None else waiting

    async def _guarded(self, label: str, step, batch, *args):
        try:
            return await step(batch, *args)
        except Exception:
            # The batch's offsets must never be committed without its outputs: exit first.
            log.critical("cannot finish a %s batch; exiting before its offsets are committed", label, exc_info=True)
            os._exit(70)

    async def _finish(self, label: str, publish, events, batch, outputs: list) -> None:
        """Publish (it answers (stage, output, origin) records to account for), then mark done."""
        records = await self._guarded(label, publish, batch, outputs)
        self.metrics.in_flight.dec(len(batch))
        for stage, out, origin in records:
            self.metrics.record(stage, out, origin)
        for event, (_, origin) in zip(events, batch):
            event.ack()
            self.progress.done((origin.topic, origin.partition), origin.offset, origin.timestamp_ms)

    async def _run_both(self, batch) -> list:
        return await self._run(batch, BOTH, self.stages.clean_and_tag)

    async def _publish_both(self, batch, pairs) -> list:
        """The cleaned outputs go out (to the cleaned topic, for those who read it) before the
        enriched ones."""
        t = self.settings.topics
        cleaned = await self.publisher.publish([c for c, _ in pairs], t.cleaned, self._refused(batch, Stage.CLEAN))
        tagged = [(i, out) for i, ((_, out), clean) in enumerate(zip(pairs, cleaned)) if out and not clean.dead]
        enriched = await self.publisher.publish([out for _, out in tagged], t.enriched,
                                                self._refused([batch[i] for i, _ in tagged], Stage.TAG))
        return ([(Stage.CLEAN, out, origin) for out, (_, origin) in zip(cleaned, batch)]
                + [(Stage.TAG, out, batch[i][1]) for (i, _), out in zip(tagged, enriched)])

    async def _publish(self, batch, outputs, stage: Stage, topic: str) -> list:
        outputs = await self.publisher.publish(outputs, topic, self._refused(batch, stage))
        return [(stage, out, origin) for out, (_, origin) in zip(outputs, batch)]

    def _started(self, batch) -> None:
        for _, origin in batch:
            self.metrics.consumed.labels(origin.topic).inc()
            self.progress.fetched((origin.topic, origin.partition), origin.offset)
        self.metrics.in_flight.inc(len(batch))

    async def _run(self, batch, stage: str, run: RunStage) -> list:
        started = time.perf_counter()
        outputs = await run(batch)
        if len(outputs) != len(batch):
            raise RuntimeError(f"{stage} stage answered {len(outputs)} outputs for {len(batch)} inputs")
        elapsed = time.perf_counter() - started
        self.metrics.batch_seconds.labels(stage).observe(elapsed)
        per_article = elapsed / len(batch)
        for _ in batch:
            self.metrics.stage_seconds.labels(stage).observe(per_article)
        return outputs

    def _refused(self, batch, stage: Stage):
        def replacement(i: int, exc: Exception) -> Output:
            value, origin = batch[i]
            return dead_letters.publish_failed(value, origin, self.settings, exc, stage)
        return replacement
