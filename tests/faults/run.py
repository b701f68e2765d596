"""The fault suite's machinery: a Run sends numbered inputs and counts what comes out, from outside
the workers; helpers to wait on a worker, time recovery and sample memory."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import psutil

from tests.faults import inputs
from tests.faults.watcher import SEQ, OutputWatcher
from tests.kafka import WorkerProcess, produce_records, setup_topics, unique_settings
from worker.core.ids import id_of_bytes
from worker.kafka.dev_broker import free_port


@dataclass
class Row:
    scenario: str
    sent: int = 0
    enriched: int = 0
    dead: int = 0
    lost: int = 0
    duplicates: int = 0
    recovery_seconds: float | None = None
    notes: list[str] = field(default_factory=list)


class Run:
    """One scenario's topics, inputs and counting (by an OutputWatcher, from outside the workers)."""

    def __init__(self, bootstrap: str, workdir: Path, name: str, **settings):
        self.settings = unique_settings(bootstrap, **settings)
        setup_topics(self.settings)
        self.workdir, self.name, self.sent = workdir, name, 0
        self.ids: dict[str, int] = {}
        self.sent_at: dict[int, float] = {}
        self.watcher = OutputWatcher(self.settings, self.ids)

    def send(self, values: list[bytes | None]) -> list[int]:
        records, numbers = [], []
        for value in values:
            self.sent += 1
            found = id_of_bytes(value) if value is not None else None  # the key the worker will give it
            if found:
                self.ids[found] = self.sent
            records.append((f"seq-{self.sent}".encode(), value, [(SEQ, str(self.sent).encode())], None))
            numbers.append(self.sent)
        produce_records(self.settings.kafka_bootstrap, self.settings.topics.raw, records)
        now = time.monotonic()
        self.sent_at.update((n, now) for n in numbers)
        return numbers

    def worker(self, label: str, command: list[str] | None = None, **changes) -> WorkerProcess:
        settings = self.settings.replace(web_port=free_port(), **changes)
        return WorkerProcess(settings, self.workdir / f"{self.name}-{label}.log", command=command)

    def done(self) -> int:
        return self.watcher.done()

    def seconds_until_seen(self, seq: int, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while seq not in self.watcher.first_seen and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.watcher.first_seen.get(seq, deadline) - self.sent_at[seq]

    def wait_all(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.done() < self.sent and time.monotonic() < deadline:
            time.sleep(0.2)

    def row(self, recovery: float | None = None, notes=()) -> Row:
        time.sleep(2)  # late duplicates, if any, arrive before the count
        enriched, dead = self.watcher.snapshot()
        self.watcher.stop()
        seen = (set(enriched) | set(dead)) & set(range(1, self.sent + 1))
        duplicates = sum(n - 1 for n in enriched.values()) + sum(n - 1 for n in dead.values())
        return Row(self.name, self.sent, len(enriched), len(dead), self.sent - len(seen), duplicates, recovery,
                   list(notes))


def tagged(worker: WorkerProcess) -> int:
    try:
        counts = orjson.loads(worker.get("/healthz")[1])["processed"]
    except OSError:
        return 0
    return sum(v for k, v in counts.items() if k.startswith("tag."))


def wait_tagged(worker: WorkerProcess, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while tagged(worker) < n and time.monotonic() < deadline:
        time.sleep(0.05)


def first_output_after(run: Run, before: int, timeout: float = 120) -> float:
    started = time.monotonic()
    while before < run.sent and run.done() <= before and time.monotonic() - started < timeout:
        time.sleep(0.2)
    return time.monotonic() - started


def loaded(bootstrap: str, workdir: Path, name: str, n: int, prefix: str) -> Run:
    run = Run(bootstrap, workdir, name)
    run.send([inputs.good(i, prefix) for i in range(n)])
    return run


def rss_mb(pid: int) -> float:
    try:
        parent = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]) / 2**20
    except psutil.NoSuchProcess:
        return 0.0


def rss_note(samples: list[tuple[float, float]]) -> str:
    values = [rss for _, rss in samples if rss]
    if len(values) < 4:
        return f"RSS peak {max(values, default=0):.0f} MB"
    half = values[len(values) // 2:]
    return (f"RSS start {values[0]:.0f} MB, peak {max(values):.0f} MB, end {values[-1]:.0f} MB; "
            f"second half within {100 * (max(half) - min(half)) / max(half):.1f} %")


def sample_peak(process, peak: list[float]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], rss_mb(process.pid))
        time.sleep(0.05)
