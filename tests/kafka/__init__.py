"""Test utilities for the real bundled broker: a worker subprocess, produce and read helpers."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from worker.kafka.dev_broker import free_port
from worker.kafka.clients import producer as make_producer
from worker.kafka.clients import consumer as make_consumer
from worker.kafka.ranges import partitions_of
from worker.core.settings import Settings, Topics
from worker.kafka.admin import create_topics

REPO = Path(__file__).resolve().parents[2]


def unique_settings(bootstrap: str, **changes) -> Settings:
    """Settings with topics and a consumer group of their own, so tests never share state."""
    prefix = f"t{uuid.uuid4().hex[:8]}."
    settings = Settings(kafka_bootstrap=bootstrap, topics=Topics().with_prefix(prefix),
                        group_id=f"g-{prefix[:-1]}", session_timeout=6.0, heartbeat_interval=0.5,
                        commit_interval=0.5, web_host="127.0.0.1", web_port=free_port(),
                        stage_processes=1)
    return settings.replace(**changes)


def env_of(settings: Settings) -> dict[str, str]:
    prefix = settings.topics.raw[: -len("articles.raw")]
    return {
        "NEWSWORKER_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "NEWSWORKER_TOPIC_PREFIX": prefix,
        "NEWSWORKER_GROUP_ID": settings.group_id,
        "NEWSWORKER_WEB_HOST": settings.web_host,
        "NEWSWORKER_WEB_PORT": str(settings.web_port),
        "NEWSWORKER_SESSION_TIMEOUT": str(settings.session_timeout),
        "NEWSWORKER_HEARTBEAT_INTERVAL": str(settings.heartbeat_interval),
        "NEWSWORKER_COMMIT_INTERVAL": str(settings.commit_interval),
        "NEWSWORKER_MAX_MESSAGE_BYTES": str(settings.max_message_bytes),
        "NEWSWORKER_TOPIC_PARTITIONS": str(settings.topic_partitions),
        "NEWSWORKER_STAGE_PROCESSES": "auto" if settings.stage_processes is None else str(settings.stage_processes),
        "NEWSWORKER_LOG_LEVEL": "info",
        "NEWSWORKER_DATA_DIR": f"/tmp/newsworker-test-{settings.group_id}-{settings.web_port}",
    }


def setup_topics(settings: Settings) -> None:
    asyncio.run(create_topics(settings))


class WorkerProcess:
    """`newsworker run` in a subprocess, as production runs it."""

    def __init__(self, settings: Settings, log_path: Path, extra_env: dict | None = None,
                 command: list[str] | None = None):
        self.settings = settings
        self.log_path = log_path
        env = {**os.environ, **env_of(settings), **(extra_env or {})}
        self._log = open(log_path, "ab")
        command = command or ["-m", "worker", "run", "--no-create-topics"]
        self.process = subprocess.Popen([sys.executable, *command],
                                        cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.settings.web_port}{path}"

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=2) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"worker exited early; see {self.log_path}"
            try:
                if self.get("/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"worker not ready after {timeout}s; see {self.log_path}")

    def terminate(self, timeout: float = 60.0) -> float:
        """SIGTERM and wait; returns the seconds it took to exit."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout)
        return time.monotonic() - started

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "WorkerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.kill()
        self._log.close()


def _client_settings(bootstrap: str | Settings) -> Settings:
    """A bootstrap address, or whole settings when the client needs their security options."""
    return bootstrap if isinstance(bootstrap, Settings) else Settings(kafka_bootstrap=bootstrap)


async def _produce(bootstrap: str | Settings, topic: str, messages) -> None:
    producer = make_producer(_client_settings(bootstrap), linger_ms=5)
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key, headers=headers or None,
                                       timestamp_ms=timestamp_ms)
                   for key, value, headers, timestamp_ms in messages]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


def produce(bootstrap: str, topic: str, values, key=None, headers=None, timestamp_ms=None) -> None:
    """Send values (bytes) with the same key, headers and timestamp for each."""
    asyncio.run(_produce(bootstrap, topic, [(key, v, headers, timestamp_ms) for v in values]))


async def _read(bootstrap: str, topic: str, until, timeout: float) -> list:
    consumer = make_consumer(_client_settings(bootstrap))
    await consumer.start()
    try:
        consumer.assign(await partitions_of(consumer, topic))
        records, deadline = [], time.monotonic() + timeout
        while not until(records) and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            for batch in batches.values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()


def read(bootstrap: str, topic: str, until=lambda records: False, timeout: float = 30.0) -> list:
    """Records of a topic from the start, until `until(records)` holds or the timeout passes."""
    return asyncio.run(_read(bootstrap, topic, until, timeout))


def at_least(n: int):
    return lambda records: len(records) >= n


def produce_records(bootstrap: str, topic: str, records) -> None:
    """Send (key, value, headers, timestamp_ms) tuples, each with its own key, headers and timestamp."""
    asyncio.run(_produce(bootstrap, topic, list(records)))
