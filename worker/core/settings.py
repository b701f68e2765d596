"""All configuration, read once from NEWSWORKER_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Mapping

from worker.core import provenance

MIB = 1024 * 1024
# Largest request a client sends: dead letters carry whole originals (base64) plus context.
MAX_REQUEST_BYTES = 64 * MIB


@dataclass(frozen=True)
class Topics:
    raw: str = "articles.raw"
    replay: str = "articles.replay"
    cleaned: str = "articles.cleaned"
    enriched: str = "articles.enriched"
    dlq: str = "articles.dlq"

    def all(self) -> list[str]:
        return [getattr(self, f.name) for f in fields(self)]

    def with_prefix(self, prefix: str) -> "Topics":
        return Topics(**{f.name: prefix + getattr(self, f.name) for f in fields(self)})


ONE_AGENT, TWO_AGENTS = "one-agent", "two-agents"


@dataclass(frozen=True)
class Settings:
    kafka_bootstrap: str = "localhost:9092"
    topics: Topics = field(default_factory=Topics)
    topic_partitions: int = 4
    replication_factor: int = 1
    group_id: str = "newsworker"
    # "exactly_once" uses Kafka transactions (needs a broker with idempotent producers).
    processing_guarantee: str = "at_least_once"
    # Kafka client security, passed through to aiokafka.
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    # Consumer group timing (seconds).
    session_timeout: float = 10.0
    heartbeat_interval: float = 1.0
    commit_interval: float = 1.0
    # Processing.
    max_message_bytes: int = 2 * MIB
    # Most articles per batch. Batches are full only while the worker is behind (worker/stream/
    # agents.py): one article per batch cuts the latency tail and costs throughput (bench/RESULTS.md).
    batch_size: int = 4
    # "one-agent": clean and tag in one agent (one topic hop; cleaned articles are still published
    # to the cleaned topic for those who consume it); "two-agents": the tag agent consumes them.
    topology: str = "one-agent"
    batch_wait: float = 0.01  # longest a batch waits to fill; a backlog fills it at once
    # Longest the broker may hold a fetch that has no data yet (Faust's own is 1,500 ms). A
    # broker that answers only when it expires adds up to this much latency per topic hop.
    fetch_wait_ms: int = 100
    spacy_model: str = "news_ner"  # the NER model packaged in worker/tagging/model; or a package name or path
    # Per-article budget, enforced on the stage processes (see worker/stream/stage_pool.py).
    # Stage processes per worker: None ("auto") one per CPU the worker may use; 0 runs the stages
    # in a thread (no budget).
    stage_processes: int | None = None
    stage_cpu_seconds: float = 5.0  # CPU time one article (or one batch) may take in a stage
    stage_memory_mb: int = 768  # resident memory a stage process may reach
    max_model_chars: int = 50_000  # characters of a body the NER model sees (the rest: gazetteer only)
    # Web server for /metrics, /healthz and /readyz.
    web_host: str = "0.0.0.0"
    web_port: int = 6066
    stall_seconds: float = 120.0
    broker_timeout: float = 15.0  # /readyz fails when the broker has not answered for this long
    shutdown_timeout: float = 30.0
    log_level: str = "info"
    data_dir: str = ""  # Faust's state directory; a temporary one when empty

    @property
    def pipeline_version(self) -> str:
        """The same input under the same pipeline version gives the same output."""
        return provenance.pipeline_version(self.spacy_model)

    @property
    def source_topics(self) -> tuple[str, ...]:
        """The topics this worker's consumer group reads."""
        t = self.topics
        return (t.raw, t.replay) if self.topology == ONE_AGENT else (t.raw, t.replay, t.cleaned)

    @property
    def max_output_bytes(self) -> int:
        """Largest stage output expected: the text appears twice (body and paragraphs), plus tags."""
        return self.max_message_bytes * 4

    def replace(self, **changes) -> "Settings":
        return replace(self, **changes)


_ENV = "NEWSWORKER_"


class SettingsError(ValueError):
    """A setting with a value of the wrong kind; the message names the variable."""


def _cast(name: str, value: str, like, kind: str = ""):
    if kind == "int | None":  # None is spelled "auto"
        return None if value == "auto" else _cast(name, value, 0)
    try:
        if isinstance(like, int):
            return int(value)
        if isinstance(like, float):
            return float(value)
    except ValueError:
        kind = "an integer" if isinstance(like, int) else "a number"
        raise SettingsError(f"{name}={value!r} is not {kind}") from None
    return value


def from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Build settings from NEWSWORKER_<FIELD> variables; topics from NEWSWORKER_TOPIC_<NAME>
    and an optional NEWSWORKER_TOPIC_PREFIX."""
    env = os.environ if env is None else env
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        if f.name == "topics":
            continue
        name = _ENV + f.name.upper()
        raw = env.get(name)
        if raw is not None:
            values[f.name] = _cast(name, raw, getattr(defaults, f.name), f.type)
    topics = Topics(**{
        f.name: env.get(f"{_ENV}TOPIC_{f.name.upper()}", f.default) for f in fields(Topics)
    })
    values["topics"] = topics.with_prefix(env.get(_ENV + "TOPIC_PREFIX", ""))
    if values.get("topology", ONE_AGENT) not in (ONE_AGENT, TWO_AGENTS):
        raise SettingsError(f"{_ENV}TOPOLOGY={values['topology']!r} is not {ONE_AGENT!r} or {TWO_AGENTS!r}")
    return Settings(**values)
