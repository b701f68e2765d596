"""Prometheus metrics, in a registry of their own (one per app, so tests can run several)."""

from __future__ import annotations

import time

from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, PlatformCollector,
                               ProcessCollector, generate_latest)
from prometheus_client.core import GaugeMetricFamily

from worker import __version__

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
        self.stage_seconds = Histogram(p + "stage_duration_seconds", "Time one article spends in a stage",
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

    def watch(self, progress, stall_seconds: float) -> None:
        """Serve the per-partition series and readiness from `progress` at scrape time, so a
        revoked partition's series are gone with the partition itself."""
        self.registry.register(_ProgressCollector(progress, stall_seconds))

    def count_article(self, stage: str, article: dict) -> None:
        """Content metrics of a successful stage output."""
        if stage == "clean":
            for removal in article.get("removed", ()):
                self.boilerplate_chars.labels(removal["kind"]).inc(removal["chars"])
        elif stage == "tag":
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
