"""All configuration, read once from NEWSWORKER_* environment variables."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Mapping

from worker import __version__

PIPELINE_REVISION = "1"  # bump when stage output changes for the same input
DATA_DIRS = ("cleaning", "tagging/data")  # rule and gazetteer files the stages read, under worker/
DATA_SUFFIXES = {".json", ".tsv", ".txt"}


@functools.cache
def data_fingerprint() -> str:
    """A short hash of the stages' data files: editing a rule or gazetteer makes a new pipeline version."""
    root = Path(__file__).parent
    files = sorted(p for d in DATA_DIRS for p in (root / d).rglob("*") if p.is_file() and p.suffix in DATA_SUFFIXES)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:8]


@functools.cache
def model_version(name: str) -> str:
    """The installed version of a model package (or of a re-upload whose name starts with it)."""
    wanted = name.replace("-", "_").lower()
    for dist in importlib.metadata.distributions():
        if (dist.metadata["Name"] or "").replace("-", "_").lower().startswith(wanted):
            return dist.version
    return "unknown"


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
    max_message_bytes: int = 2 * 1024 * 1024
    batch_size: int = 16
    batch_wait: float = 0.05
    spacy_model: str = "en_core_web_sm"
    # Web server for /metrics, /healthz and /readyz.
    web_host: str = "0.0.0.0"
    web_port: int = 6066
    stall_seconds: float = 120.0
    shutdown_timeout: float = 30.0
    log_level: str = "info"
    data_dir: str = ""  # Faust's state directory; a temporary one when empty

    @property
    def pipeline_version(self) -> str:
        """Package version, pipeline revision, model and its version, and the data files' hash: the
        same input under the same pipeline version gives the same output."""
        model = f"{self.spacy_model}-{model_version(self.spacy_model)}"
        return f"{__version__}+p{PIPELINE_REVISION}.{model}.data-{data_fingerprint()}"

    @property
    def max_output_bytes(self) -> int:
        """Largest stage output expected: the text appears twice (body and paragraphs), plus tags."""
        return self.max_message_bytes * 4

    def replace(self, **changes) -> "Settings":
        return replace(self, **changes)


_ENV = "NEWSWORKER_"


def _cast(value: str, like):
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
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
        raw = env.get(_ENV + f.name.upper())
        if raw is not None:
            values[f.name] = _cast(raw, getattr(defaults, f.name))
    topics = Topics(**{
        f.name: env.get(f"{_ENV}TOPIC_{f.name.upper()}", f.default) for f in fields(Topics)
    })
    values["topics"] = topics.with_prefix(env.get(_ENV + "TOPIC_PREFIX", ""))
    return Settings(**values)


def kafka_client_options(settings: Settings) -> dict:
    """Security options in aiokafka's keyword form (None values left out)."""
    options = {
        "security_protocol": settings.security_protocol,
        "sasl_mechanism": settings.sasl_mechanism,
        "sasl_plain_username": settings.sasl_username,
        "sasl_plain_password": settings.sasl_password,
    }
    if settings.security_protocol in {"SSL", "SASL_SSL"}:
        from aiokafka.helpers import create_ssl_context

        options["ssl_context"] = create_ssl_context(
            cafile=settings.ssl_cafile,
            certfile=settings.ssl_certfile,
            keyfile=settings.ssl_keyfile,
        )
    return {k: v for k, v in options.items() if v is not None}
