"""The stage agents: thin loops that take a batch, run the stages off the event loop, publish every
output and account for it. One agent runs both stages (default), or two agents chain them through
the cleaned topic. The work is in core/pipeline.py (run by the stage processes); delivery in
publisher.py."""

from __future__ import annotations

import logging
import os
import time
from typing import Awaitable, Callable

import faust

from worker.core import dead_letters
from worker.core.messages import Origin, Output, Stage
from worker.core.settings import ONE_AGENT, Settings
from worker.stream.metrics import Metrics
from worker.stream.progress import Progress
from worker.stream.publisher import Publisher
from worker.stream.stages import BOTH

log = logging.getLogger(__name__)

RAW_BYTES = {"key_serializer": "raw", "value_serializer": "raw"}  # values pass through as bytes
RunStage = Callable[[list], Awaitable[list[Output]]]


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

    def register(self, app: faust.App) -> None:
        t = self.settings.topics
        if self.settings.topology == ONE_AGENT:
            app.agent(app.topic(t.raw, t.replay, **RAW_BYTES), name="enrich")(self.enrich_agent)
            return
        app.agent(app.topic(t.raw, t.replay, **RAW_BYTES), name="clean")(self.clean_agent)
        app.agent(app.topic(t.cleaned, **RAW_BYTES), name="tag")(self.tag_agent)

    async def enrich_agent(self, stream) -> None:
        async for events in stream.take_events(self.settings.batch_size, within=self.settings.batch_wait):
            await self.process_both(events)

    async def clean_agent(self, stream) -> None:
        async for events in stream.take_events(self.settings.batch_size, within=self.settings.batch_wait):
            await self.process(events, Stage.CLEAN, self.stages.clean, self.settings.topics.cleaned)

    async def tag_agent(self, stream) -> None:
        async for events in stream.take_events(self.settings.batch_size, within=self.settings.batch_wait):
            await self.process(events, Stage.TAG, self.stages.tag, self.settings.topics.enriched)

    async def process(self, events, stage: Stage, run: RunStage, output_topic: str) -> None:
        """One stage: run a batch, publish every output and wait for the broker's acks."""
        async def work(batch) -> list:
            outputs = await self._run(batch, stage, run)
            outputs = await self.publisher.publish(outputs, output_topic, self._refused(batch, stage))
            return [(stage, out, origin) for out, (_, origin) in zip(outputs, batch)]
        await self._handle(events, stage, work)

    async def process_both(self, events) -> None:
        """Both stages in one agent: the cleaned outputs are published (to the cleaned topic, for
        those who read it) before the enriched ones."""
        t = self.settings.topics

        async def work(batch) -> list:
            pairs = await self._run(batch, BOTH, self.stages.clean_and_tag)
            cleaned = await self.publisher.publish([c for c, _ in pairs], t.cleaned, self._refused(batch, Stage.CLEAN))
            tagged = [(i, out) for i, ((_, out), clean) in enumerate(zip(pairs, cleaned)) if out and not clean.dead]
            enriched = await self.publisher.publish([out for _, out in tagged], t.enriched,
                                                    self._refused([batch[i] for i, _ in tagged], Stage.TAG))
            return ([(Stage.CLEAN, out, origin) for out, (_, origin) in zip(cleaned, batch)]
                    + [(Stage.TAG, out, batch[i][1]) for (i, _), out in zip(tagged, enriched)])
        await self._handle(events, BOTH, work)

    async def _handle(self, events, label: str, work) -> None:
        """Run `work` on the batch (it publishes and answers (stage, output, origin) records to
        account for), then mark the inputs done.

        Faust acks the events (making their offsets committable) only after this returns, so an
        offset is never committed before its output or dead letter is stored."""
        batch = [(e.message.value, origin_of(e)) for e in events]
        self._started(batch)
        try:
            records = await work(batch)
        except Exception:
            # Faust acks a batch's events when its generator closes, even on an exception, so
            # the only way to keep them uncommitted (and consumed again) is to exit first.
            log.critical("cannot finish a %s batch; exiting before its offsets are committed", label, exc_info=True)
            os._exit(70)
        finally:
            self.metrics.in_flight.dec(len(batch))
        for stage, out, origin in records:
            self.metrics.record(stage, out, origin)
        for _, origin in batch:
            self.progress.done((origin.topic, origin.partition), origin.offset, origin.timestamp_ms)

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
