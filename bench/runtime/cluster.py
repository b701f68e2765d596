"""Workers of the benchmark: `newsworker run` (or the pass-through worker) in subprocesses against
the bundled broker, each on topics and a group of its own; their CPU time and resident memory."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

import psutil

from tests.kafka import WorkerProcess, setup_topics, unique_settings
from worker.core.settings import Settings
from worker.kafka.dev_broker import free_port

PASSTHROUGH = ["bench/runtime/passthrough_worker.py"]
NER_ONLY = ["bench/runtime/ner_only_worker.py"]


def fresh_settings(bootstrap: str, processes: int | None) -> Settings:
    settings = unique_settings(bootstrap, topic_partitions=4, stage_processes=processes)
    setup_topics(settings)
    return settings


@contextmanager
def workers(settings: Settings, count: int, logs: Path, command: list[str] | None = None, env: dict | None = None):
    """`count` workers in one group, ready and settled on their final assignment."""
    started = [WorkerProcess(settings.replace(web_port=free_port()), logs / f"{settings.group_id}-{i}.log",
                             extra_env=env, command=command) for i in range(count)]
    try:
        for worker in started:
            worker.wait_ready(180)
        time.sleep(settings.session_timeout)  # a late joiner's rebalance is over
        yield started
    finally:
        for worker in started:
            worker.kill()


def _tree(pid: int) -> list[psutil.Process]:
    try:
        parent = psutil.Process(pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def cpu_seconds(pids: list[int], children_only: bool = False) -> float:
    """CPU seconds of the workers and their stage processes (or of the stage processes alone)."""
    total = 0.0
    for pid in pids:
        for process in _tree(pid)[1 if children_only else 0:]:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
    return total


def own_cpu_seconds() -> float:
    """CPU seconds of this process alone, its children left out."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for process in _tree(pid):
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                pass
    return total / 2**20
