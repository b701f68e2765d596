"""The Faust app: topics, the two stage agents and the web endpoints. Thin wiring only; the work
is in pipeline.py and the stages."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time

import faust
from aiokafka.errors import MessageSizeTooLargeError
from faust.types import TP

from worker import pipeline, tagging
from worker.messages import Origin, Output
from worker.metrics import Metrics
from worker.progress import Progress
from worker.settings import Settings, kafka_client_options

log = logging.getLogger(__name__)

_RAW = {"key_serializer": "raw", "value_serializer": "raw"}


def _credentials(settings: Settings):
    options = kafka_client_options(settings)
    if settings.sasl_mechanism:
        return faust.SASLCredentials(username=settings.sasl_username, password=settings.sasl_password,
                                     mechanism=settings.sasl_mechanism, ssl_context=options.get("ssl_context"))
    if "ssl_context" in options:
        return faust.SSLCredentials(options["ssl_context"])
    return None


def _faust_app(settings: Settings) -> faust.App:
    data_dir = settings.data_dir or os.path.join(tempfile.gettempdir(), f"newsworker-{settings.group_id}")
    return faust.App(
        settings.group_id,
        broker=f"kafka://{settings.kafka_bootstrap.replace(',', ';kafka://')}",
        broker_credentials=_credentials(settings),
        broker_session_timeout=settings.session_timeout,
        broker_heartbeat_interval=settings.heartbeat_interval,
        broker_commit_interval=settings.commit_interval,
        consumer_auto_offset_reset="earliest",
        processing_guarantee=settings.processing_guarantee,
        producer_acks=-1,
        producer_max_request_size=64 * 1024 * 1024,
        consumer_max_fetch_size=8 * 1024 * 1024,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.replication_factor,
        stream_wait_empty=True,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_in_thread=False,
        datadir=data_dir,
        **_RAW,
    )


def _origin(event) -> Origin:
    m = event.message
    headers = m.headers.items() if isinstance(m.headers, dict) else (m.headers or ())
    return Origin(topic=m.topic, partition=m.partition, offset=m.offset,
                  timestamp_ms=int(m.timestamp * 1000) if m.timestamp else None,
                  headers=tuple((k, v) for k, v in headers), key=m.key)


def _too_large(exc: BaseException | None) -> bool:
    while exc is not None:  # Faust wraps the client's error
        if isinstance(exc, MessageSizeTooLargeError):
            return True
        exc = exc.__cause__
    return False


class Wiring:
    """Holds what the agents share: settings, topics, metrics, partition progress and the tagger."""

    retry_delays = (0.5, 1, 2, 5, 10, 30)  # seconds between delivery attempts of a batch

    def __init__(self, settings: Settings, tagger=None):
        self.settings = settings
        self.app = _faust_app(settings)
        self.metrics = Metrics(settings.pipeline_version)
        self.progress = Progress()
        self.metrics.watch(self.progress, settings.stall_seconds)
        self.tagger = tagger or tagging.load(settings.spacy_model)
        t = settings.topics
        self.outputs = {name: self.app.topic(name, **_RAW) for name in (t.cleaned, t.enriched, t.dlq)}
        self._register()

    def _register(self) -> None:
        app, t = self.app, self.settings.topics
        app.agent(app.topic(t.raw, t.replay, **_RAW), name="clean")(self._clean_agent)
        app.agent(app.topic(t.cleaned, **_RAW), name="tag")(self._tag_agent)
        app.on_partitions_assigned.connect(self._on_assigned)
        app.on_partitions_revoked.connect(self._on_revoked)
        app.timer(2.0)(self._update_lag)
        self._register_pages()

    # -- agents ----------------------------------------------------------------------------
    async def _clean_agent(self, stream):
        async for events in stream.take_events(self.settings.batch_size, within=self.settings.batch_wait):
            await self._run(events, "clean", self._clean_batch, self.settings.topics.cleaned)

    async def _tag_agent(self, stream):
        async for events in stream.take_events(self.settings.batch_size, within=self.settings.batch_wait):
            await self._run(events, "tag", self._tag_batch, self.settings.topics.enriched)

    def _clean_batch(self, batch):
        return [pipeline.clean_message(value, origin, self.settings) for value, origin in batch]

    def _tag_batch(self, batch):
        return pipeline.tag_messages(batch, self.tagger, self.settings)

    async def _run(self, events, stage: str, work, output_topic: str) -> None:
        """Process a batch off the event loop, publish every output and wait for the broker's acks.

        Faust acks the events (making their offsets committable) only after this returns, so an
        offset is never committed before its output or dead letter is stored."""
        m = self.metrics
        batch = [(e.message.value or b"", _origin(e)) for e in events]
        for _, origin in batch:
            m.consumed.labels(origin.topic).inc()
            self.progress.fetched((origin.topic, origin.partition), origin.offset)
        m.in_flight.inc(len(batch))
        started = time.perf_counter()
        try:
            outputs = await asyncio.to_thread(work, batch)
            per_article = (time.perf_counter() - started) / len(batch)
            for _ in batch:
                m.stage_seconds.labels(stage).observe(per_article)
            outputs = await self._publish(outputs, batch, stage, output_topic)
        except Exception:
            # Faust acks a batch's events when its generator closes, even on an exception, so
            # the only way to keep them uncommitted (and consumed again) is to exit first.
            log.critical("cannot finish a %s batch; exiting before its offsets are committed", stage,
                         exc_info=True)
            os._exit(70)
        finally:
            m.in_flight.dec(len(batch))
        for out, (_, origin) in zip(outputs, batch):
            self._account(stage, out, origin)

    async def _publish(self, outputs: list[Output], batch, stage: str, output_topic: str) -> list[Output]:
        """Send every output and wait for its ack. An output the broker refuses for its size is
        replaced by a dead letter of its input; other failures are retried with backoff, and
        raise when the broker stays unreachable."""
        failed = await self._send_all(outputs, range(len(outputs)), output_topic)
        for i, exc in failed.items():
            if _too_large(exc) and not outputs[i].dead:
                log.error("%s output of %s refused by the broker: %r", stage, outputs[i].key, exc)
                value, origin = batch[i]
                outputs[i] = pipeline.publish_failed(value, origin, self.settings, exc, stage)
        for delay in self.retry_delays:
            if not failed:
                return outputs
            log.warning("%d %s outputs not delivered (%r); retrying in %gs", len(failed), stage,
                        next(iter(failed.values())), delay)
            await asyncio.sleep(delay)
            failed = await self._send_all(outputs, failed, output_topic)
        if failed:
            raise next(iter(failed.values()))
        return outputs

    async def _send_all(self, outputs: list[Output], indices, output_topic: str) -> dict[int, Exception]:
        indices = list(indices)
        results = await asyncio.gather(*[self._send(outputs[i], output_topic) for i in indices],
                                       return_exceptions=True)
        return {i: r for i, r in zip(indices, results) if isinstance(r, Exception)}

    async def _send(self, out: Output, output_topic: str):
        topic = self.outputs[self.settings.topics.dlq if out.dead else output_topic]
        return await (await topic.send(key=out.key, value=out.value, headers=list(out.headers) or None))

    def _account(self, stage: str, out: Output, origin: Origin) -> None:
        m = self.metrics
        if out.dead:
            m.processed.labels(stage, "dead_letter").inc()
            m.dead_letters.labels(out.stage, out.reason).inc()
        else:
            m.processed.labels(stage, "ok").inc()
            m.count_article(stage, out.article)
            source_ms = out.article["provenance"].get("source_timestamp_ms") if stage == "tag" else None
            if source_ms and not origin.forwarded_headers():  # replays keep their old timestamps
                m.end_to_end.observe(max(time.time() - source_ms / 1000, 0))
        self.progress.done((origin.topic, origin.partition), origin.offset, origin.timestamp_ms)

    # -- partitions and lag ------------------------------------------------------------------
    async def _on_assigned(self, sender, assigned, **kwargs) -> None:
        # Only the agents' source topics: Faust's own (the leader-election topic) carry no work.
        t = self.settings.topics
        sources = (t.raw, t.replay, t.cleaned)
        self.progress.assigned((tp.topic, tp.partition) for tp in assigned if tp.topic in sources)
        self.metrics.rebalances.inc()
        self.metrics.assigned.set(len(self.progress.partitions))

    async def _on_revoked(self, sender, revoked, **kwargs) -> None:
        self.progress.revoked((tp.topic, tp.partition) for tp in revoked)
        self.metrics.assigned.set(len(self.progress.partitions))

    async def _update_lag(self) -> None:
        consumer = self.app.consumer
        for (topic, partition), state in list(self.progress.partitions.items()):
            tp = TP(topic, partition)
            try:
                highwater = consumer.highwater(tp)
                position = await consumer.position(tp) if state.next_offset is None else None
            except Exception as exc:  # partition moved away between the snapshot and now
                log.debug("no lag for %s: %r", tp, exc)
                continue
            self.progress.observe((topic, partition), highwater, position)

    # -- web -----------------------------------------------------------------------------------
    def _register_pages(self) -> None:
        # Faust calls a page function as fun(view, request), so these are closures, not methods.
        app, metrics, progress, settings = self.app, self.metrics, self.progress, self.settings

        @app.page("/metrics")
        async def metrics_page(web, request):
            return web.bytes(metrics.exposition(), content_type="text/plain; version=0.0.4")

        @app.page("/healthz")
        async def healthz(web, request):
            return web.json({"status": "ok", "processed": self._processed_counts()})

        @app.page("/readyz")
        async def readyz(web, request):
            ready, why = progress.readiness(settings.stall_seconds)
            return web.json({"ready": ready, "reason": why}, status=200 if ready else 503)

    def _processed_counts(self) -> dict:
        counts = {}
        for metric in self.metrics.processed.collect():
            for sample in metric.samples:
                if sample.name.endswith("_total"):
                    key = f"{sample.labels['stage']}.{sample.labels['outcome']}"
                    counts[key] = int(sample.value)
        return counts


def create_app(settings: Settings, tagger=None) -> Wiring:
    return Wiring(settings, tagger)
