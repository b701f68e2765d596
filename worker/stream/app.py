"""The Faust app: its settings, the agents, partition tracking and the web pages, wired together."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass

import faust
from faust.types import TP

from worker.core.messages import Output
from worker.core.settings import MAX_REQUEST_BYTES, Settings
from worker.kafka.clients import security_options
from worker.stream.agents import RAW_BYTES, Agents
from worker.stream.broker_watch import BrokerWatch
from worker.stream.fetching import App
from worker.stream.metrics import Metrics
from worker.stream.progress import Progress
from worker.stream.publisher import Publisher
from worker.stream.stage_pool import StagePool
from worker.stream.web import register_pages

log = logging.getLogger(__name__)


def credentials(settings: Settings):
    options = security_options(settings)
    if settings.sasl_mechanism:
        return faust.SASLCredentials(username=settings.sasl_username, password=settings.sasl_password,
                                     mechanism=settings.sasl_mechanism, ssl_context=options.get("ssl_context"))
    if "ssl_context" in options:
        return faust.SSLCredentials(options["ssl_context"])
    return None


def faust_app(settings: Settings) -> faust.App:
    data_dir = settings.data_dir or os.path.join(tempfile.gettempdir(), f"newsworker-{settings.group_id}")
    return App(
        settings.group_id,
        fetch_wait_ms=settings.fetch_wait_ms,
        broker=f"kafka://{settings.kafka_bootstrap.replace(',', ';kafka://')}",
        broker_credentials=credentials(settings),
        broker_session_timeout=settings.session_timeout,
        broker_heartbeat_interval=settings.heartbeat_interval,
        broker_commit_interval=settings.commit_interval,
        consumer_auto_offset_reset="earliest",
        processing_guarantee=settings.processing_guarantee,
        producer_acks=-1,
        producer_max_request_size=MAX_REQUEST_BYTES,
        consumer_max_fetch_size=8 * 1024 * 1024,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.replication_factor,
        stream_wait_empty=True,
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_in_thread=False,
        datadir=data_dir,
        **RAW_BYTES,
    )


@dataclass(frozen=True)
class Service:
    """The Faust app and the parts of the runtime the runner and tests look at."""

    app: faust.App
    metrics: Metrics
    progress: Progress
    stages: object


def create_app(settings: Settings, stages=None) -> faust.App:
    return build(settings, stages).app


def build(settings: Settings, stages=None) -> Service:
    """The worker; `stages` runs the pipeline (default: the stage process pool of the settings)."""
    app = faust_app(settings)
    metrics, progress = Metrics(settings.pipeline_version), Progress()
    metrics.watch(progress, settings.stall_seconds)
    stages = stages or default_stages(settings, metrics)
    app.task(stages.start)
    outputs = {name: app.topic(name, **RAW_BYTES) for name in (settings.topics.cleaned, settings.topics.enriched,
                                                               settings.topics.dlq)}

    async def send(topic: str, out: Output):
        return await outputs[topic].send(key=out.key, value=out.value, headers=list(out.headers) or None)

    publisher = Publisher(send, settings.topics.dlq, on_retry=metrics.publish_retries.inc)
    Agents(settings, stages, publisher, metrics, progress).register(app)
    _track_partitions(app, settings, metrics, progress)
    broker = BrokerWatch(settings)
    app.task(broker.watch)
    register_pages(app, metrics, lambda: _readiness(progress.readiness(settings.stall_seconds), broker.readiness()))
    return Service(app, metrics, progress, stages)


def _readiness(*checks: tuple[bool, str]) -> tuple[bool, str]:
    failed = [why for ok, why in checks if not ok]
    return (False, "; ".join(failed)) if failed else (True, "; ".join(why for _, why in checks))


def default_stages(settings: Settings, metrics: Metrics):
    """Killable stage processes under the per-article budget; in a thread when there are none."""
    if settings.stage_processes == 0:
        from worker.stream.thread_stages import ThreadStages  # loads the models into this process
        return ThreadStages(settings)
    return StagePool(settings, on_restart=lambda stage: metrics.budget_kills.labels(stage).inc())


def _track_partitions(app: faust.App, settings: Settings, metrics: Metrics, progress: Progress) -> None:
    sources = settings.source_topics  # Faust's own topics (leader election) carry no work

    @app.on_partitions_assigned.connect
    async def assigned(sender, assigned, **kwargs) -> None:
        progress.assigned((tp.topic, tp.partition) for tp in assigned if tp.topic in sources)
        metrics.rebalances.inc()
        metrics.assigned.set(len(progress.partitions))

    @app.on_partitions_revoked.connect
    async def revoked(sender, revoked, **kwargs) -> None:
        progress.revoked((tp.topic, tp.partition) for tp in revoked)
        metrics.assigned.set(len(progress.partitions))

    @app.timer(2.0)
    async def update_lag() -> None:
        for (topic, partition), state in list(progress.partitions.items()):
            tp = TP(topic, partition)
            try:
                highwater = app.consumer.highwater(tp)
                position = await app.consumer.position(tp) if state.next_offset is None else None
            except Exception as exc:  # partition moved away between the snapshot and now
                log.debug("no lag for %s: %r", tp, exc)
                continue
            progress.observe((topic, partition), highwater, position)
