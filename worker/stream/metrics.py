"""Prometheus metrics, in a registry of their own (one per app, so tests can run several)."""

from __future__ import annotations

import time

from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, PlatformCollector,
                               ProcessCollector, disable_created_metrics, generate_latest)
from prometheus_client.core import GaugeMetricFamily

from worker import __version__
from worker.core.messages import Origin, Output, Reason, Stage

disable_created_metrics()  # `_created` series would double every counter

# The (stage, reason) pairs a dead letter can have, exported at 0 from the start so rate() sees them.
KNOWN_DEAD_LETTERS = (
    [(Stage.DECODE, r) for r in (Reason.TOO_LARGE, Reason.NOT_UTF8, Reason.INVALID_JSON, Reason.NOT_AN_OBJECT,
                                 Reason.SCHEMA_VIOLATION, Reason.TOMBSTONE)]
    + [(s, r) for s in (Stage.CLEAN, Stage.TAG)
       for r in (Reason.EMPTY_ARTICLE, Reason.STAGE_ERROR, Reason.BUDGET_EXCEEDED, Reason.PUBLISH_FAILED)
       if not (s == Stage.TAG and r == Reason.EMPTY_ARTICLE)]
)
OUTCOMES = ("ok", "dead_letter")

# Work ranges from milliseconds (clean a text article) to seconds (a large batch through NER).
_STAGE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
_WORD_BUCKETS = (50, 100, 200, 400, 600, 800, 1000, 1500, 2000, 3000, 5000, 10000)


class Metrics:
    def __init__(self, pipeline_version: str):
        self.registry = r = CollectorRegistry()
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        p = "newsworker_"
        self.consumed = Counter(p + "messages_consumed_total", "Messages consumed", ["topic"], registry=r)
        self.processed = Counter(p + "articles_processed_total", "Articles through a stage, by outcome",
                                 ["stage", "outcome"], registry=r)
        self.batch_seconds = Histogram(p + "stage_batch_duration_seconds",
                                       "Time a whole batch spends in a stage (a slow article shows here in full)",
                                       ["stage"], buckets=_STAGE_BUCKETS, registry=r)
        self.stage_seconds = Histogram(p + "stage_duration_seconds",
                                       "Time per article in a stage: its batch's time shared by its articles",
                                       ["stage"], buckets=_STAGE_BUCKETS, registry=r)
        self.end_to_end = Histogram(p + "end_to_end_latency_seconds",
                                    "From the input's Kafka timestamp to the enriched output's ack",
                                    buckets=_LATENCY_BUCKETS, registry=r)
        self.dead_letters = Counter(p + "dead_letters_total", "Messages sent to the dead-letter topic",
                                    ["stage", "reason"], registry=r)
        self.in_flight = Gauge(p + "in_flight_articles", "Articles being processed now", registry=r)
        self.assigned = Gauge(p + "assigned_partitions", "Partitions assigned to this worker", registry=r)
        self.rebalances = Counter(p + "rebalances_total", "Partition assignments received", registry=r)
        self.entities = Counter(p + "entities_total", "Entities tagged, by type", ["type"], registry=r)
        self.topics = Counter(p + "topics_total", "Top IPTC topic per article", ["code", "label"], registry=r)
        self.boilerplate_chars = Counter(p + "boilerplate_chars_removed_total",
                                         "Characters of boilerplate removed, by kind", ["kind"], registry=r)
        self.words = Histogram(p + "article_words", "Words per enriched article", buckets=_WORD_BUCKETS,
                               registry=r)
        self.build_info = Gauge(p + "build_info", "Build information", ["version", "pipeline_version"],
                                registry=r)
        self.build_info.labels(__version__, pipeline_version).set(1)
        self.publish_retries = Counter(p + "publish_retries_total", "Outputs sent again after a failed delivery",
                                       registry=r)
        self.budget_kills = Counter(p + "stage_process_restarts_total",
                                    "Stage processes killed over the budget or lost, and started again", ["stage"],
                                    registry=r)
        for stage, reason in KNOWN_DEAD_LETTERS:
            self.dead_letters.labels(stage, reason)
        for stage in (Stage.CLEAN, Stage.TAG):
            self.stage_seconds.labels(stage)
            self.batch_seconds.labels(stage)
            self.budget_kills.labels(stage)
            for outcome in OUTCOMES:
                self.processed.labels(stage, outcome)

    def watch(self, progress, stall_seconds: float) -> None:
        """Serve the per-partition series and readiness from `progress` at scrape time, so a
        revoked partition's series are gone with the partition itself."""
        self.registry.register(_ProgressCollector(progress, stall_seconds))

    def record(self, stage: Stage, out: Output, origin: Origin) -> None:
        """Account one finished input of a stage: its outcome and what its output holds."""
        if out.dead:
            self.processed.labels(stage, "dead_letter").inc()
            self.dead_letters.labels(out.stage, out.reason).inc()
            return
        self.processed.labels(stage, "ok").inc()
        if stage == Stage.CLEAN:
            for removal in out.article.get("removed", ()):
                self.boilerplate_chars.labels(removal["kind"]).inc(removal["chars"])
            return
        self._count_enriched(out.article)
        source_ms = out.article["provenance"].get("source_timestamp_ms")
        if source_ms and not origin.forwarded_headers():  # replays keep their old timestamps
            self.end_to_end.observe(max(time.time() - source_ms / 1000, 0))

    def processed_counts(self) -> dict[str, int]:
        """{"stage.outcome": count}, for /healthz."""
        return {f"{s.labels['stage']}.{s.labels['outcome']}": int(s.value)
                for metric in self.processed.collect() for s in metric.samples if s.name.endswith("_total")}

    def _count_enriched(self, article: dict) -> None:
        for entity in article.get("entities", ()):
            self.entities.labels(entity["type"]).inc()
        if article.get("topics"):
            top = article["topics"][0]
            self.topics.labels(top["code"], top["label"]).inc()
        self.words.observe(article.get("word_count", 0))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _ProgressCollector:
    def __init__(self, progress, stall_seconds: float):
        self.progress = progress
        self.stall_seconds = stall_seconds

    def collect(self):
        p, labels = "newsworker_", ["topic", "partition"]
        lag = GaugeMetricFamily(p + "consumer_lag", "Highwater minus our position, per assigned partition", labels=labels)
        lag_seconds = GaugeMetricFamily(p + "consumer_lag_seconds",
                                        "Age of the last record finished while messages are pending, per assigned partition",
                                        labels=labels)
        stalled = GaugeMetricFamily(p + "partition_stalled",
                                    "1 when a partition has pending messages and made no progress for the stall time",
                                    labels=labels)
        now_ms = int(time.time() * 1000)
        stuck = set(self.progress.stalled(self.stall_seconds))
        for (topic, partition), state in sorted(self.progress.partitions.items()):
            if state.lag is None:
                continue
            key = [topic, str(partition)]
            lag.add_metric(key, state.lag)
            lag_seconds.add_metric(key, state.lag_seconds(now_ms))
            stalled.add_metric(key, 1 if (topic, partition) in stuck else 0)
        ready, _ = self.progress.readiness(self.stall_seconds)
        yield lag
        yield lag_seconds
        yield stalled
        yield GaugeMetricFamily(p + "ready", "1 when /readyz answers 200: partitions assigned, none stalled",
                                value=1 if ready else 0)
