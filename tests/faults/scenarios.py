"""Fault scenarios against real worker processes and the bundled broker, counted from outside.

Every input carries an `x-fault-seq` header; an input is accounted for when its id comes out on the
enriched topic or a dead letter of it (which keeps the input's headers) on the dead-letter topic.
lost = inputs never accounted for; duplicates = outputs beyond the first per input; recovery = from
the end of the fault to the first output after it.
"""

from __future__ import annotations

import collections
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import psutil

from tests.faults import inputs
from tests.faults.watcher import SEQ, OutputWatcher
from tests.kafka import WorkerProcess, produce_records, setup_topics, unique_settings
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
            found = orjson.loads(value).get("id") if value and value[:1] == b"{" and _json(value) else None
            if found:
                self.ids[found] = self.sent
            records.append((f"seq-{self.sent}".encode(), value, [(SEQ, str(self.sent).encode())], None))
            numbers.append(self.sent)
        produce_records(self.settings.kafka_bootstrap, self.settings.topics.raw, records)
        now = time.monotonic()
        self.sent_at.update((n, now) for n in numbers)
        return numbers

    def worker(self, label: str, **changes) -> WorkerProcess:
        settings = self.settings.replace(web_port=free_port(), **changes)
        return WorkerProcess(settings, self.workdir / f"{self.name}-{label}.log")

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


def _json(value: bytes) -> bool:
    try:
        return isinstance(orjson.loads(value), dict)
    except orjson.JSONDecodeError:
        return False


def _tagged(worker: WorkerProcess) -> int:
    try:
        counts = orjson.loads(worker.get("/healthz")[1])["processed"]
    except OSError:
        return 0
    return sum(v for k, v in counts.items() if k.startswith("tag."))


def _wait_tagged(worker: WorkerProcess, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while _tagged(worker) < n and time.monotonic() < deadline:
        time.sleep(0.05)


def _first_output_after(run: Run, before: int, timeout: float = 120) -> float:
    started = time.monotonic()
    while before < run.sent and run.done() <= before and time.monotonic() - started < timeout:
        time.sleep(0.2)
    return time.monotonic() - started


def _loaded(bootstrap: str, workdir: Path, name: str, n: int, prefix: str) -> Run:
    run = Run(bootstrap, workdir, name)
    run.send([inputs.good(i, prefix) for i in range(n)])
    return run


def sigkill(bootstrap: str, workdir: Path, n: int) -> Row:
    run = _loaded(bootstrap, workdir, "SIGKILL mid-stream", n, "k")
    with run.worker("first") as first:
        first.wait_ready()
        _wait_tagged(first, n // 5)
        first.kill()
    before = run.done()
    with run.worker("second") as second:
        recovery = _first_output_after(run, before)
        run.wait_all(300)
        second.terminate()
    return run.row(recovery, [f"{before} done before the kill"])


def rebalance(bootstrap: str, workdir: Path, n: int) -> Row:
    """1 -> 2 -> 1 workers under load: the second leaves by SIGTERM, a third joins and is SIGKILLed."""
    run = _loaded(bootstrap, workdir, "rebalance 1-2-1 (SIGTERM, SIGKILL)", n, "r")
    with run.worker("first") as first:
        first.wait_ready()
        _wait_tagged(first, n // 10)
        with run.worker("second") as second:
            second.wait_ready()
            _wait_tagged(second, 20)
            second.terminate()
        with run.worker("third") as third:
            third.wait_ready()
            _wait_tagged(third, 20)
            third.kill()
        before = run.done()
        recovery = _first_output_after(run, before)
        run.wait_all(300)
        first.terminate()
    return run.row(recovery)


def sigstop(bootstrap: str, workdir: Path, n: int, seconds: float) -> Row:
    run = _loaded(bootstrap, workdir, f"SIGSTOP one of two workers for {seconds:g} s", n, "s")
    with run.worker("first") as first, run.worker("second") as second:
        first.wait_ready()
        second.wait_ready()
        _wait_tagged(first, 20)
        first.process.send_signal(signal.SIGSTOP)
        time.sleep(seconds)
        first.process.send_signal(signal.SIGCONT)
        recovery = _first_output_after(run, run.done())
        run.wait_all(300)
        first.terminate()
        second.terminate()
    return run.row(recovery)


def poison_storm(bootstrap: str, workdir: Path, n: int) -> Row:
    """Half the inputs are poison of every dead-letter class, a tombstone among them."""
    run = Run(bootstrap, workdir, "50 % poison storm, every class and a tombstone", max_message_bytes=64 * 1024)
    values, expected = [], collections.Counter()
    for i in range(n):
        if i % 2:
            reason, value = inputs.poison(i // 2, 64 * 1024)
            expected[reason] += 1
            values.append(value)
        else:
            values.append(inputs.good(i, "p"))
    run.send(values)
    with run.worker("only") as worker:
        run.wait_all(300)
        worker.terminate()
    return run.row(notes=[f"dead letters by reason {dict(run.watcher.reasons)}, expected {dict(expected)}"])


def hostile_texts(bootstrap: str, workdir: Path, good_per_hostile: int,
                  names: list[str] | None = None) -> tuple[Row, dict[str, float]]:
    """Each hostile text followed by good articles in the same partition, one after the other: the
    seconds until each hostile one is accounted for, and the good articles' rate against a clean run
    of as many good articles on the same worker."""
    hostile = {name: value for name, value in inputs.hostile().items() if names is None or name in names}
    run = Run(bootstrap, workdir, "hostile texts among good articles", topic_partitions=1)
    times = {}
    with run.worker("only") as worker:
        worker.wait_ready()
        run.send([inputs.good(0, "warm")])
        run.wait_all(120)
        clean_rate = _good_rate(run, [inputs.good(i, "c") for i in range(good_per_hostile * len(hostile))])
        started = time.monotonic()
        for n, (name, value) in enumerate(hostile.items()):
            [seq, *_] = run.send([value] + [inputs.good(i, f"g{n}") for i in range(good_per_hostile)])
            times[name] = run.seconds_until_seen(seq)
            run.wait_all(120)
        dirty_rate = good_per_hostile * len(hostile) / (time.monotonic() - started)
        worker.terminate()
    worst = max(times, key=times.get)
    return run.row(notes=[f"slowest: {worst} {times[worst]:.1f} s", f"good articles/s clean {clean_rate:.1f}, "
                                                                   f"among hostile ones {dirty_rate:.1f}"]), times


def _good_rate(run: Run, values: list[bytes]) -> float:
    before, started = run.done(), time.monotonic()
    run.send(values)
    run.wait_all(300)
    return (run.done() - before) / (time.monotonic() - started)


def backlog(bootstrap: str, workdir: Path, n: int) -> tuple[Row, list[tuple[float, float]]]:
    """n articles waiting before the worker starts; RSS of the worker and its stage processes
    sampled every 5 s."""
    run = Run(bootstrap, workdir, f"backlog of {n} articles")
    for start in range(0, n, 2000):
        run.send([inputs.good(i, "b") for i in range(start, min(start + 2000, n))])
    samples = []
    with run.worker("only") as worker:
        started = time.monotonic()
        while run.done() < run.sent and time.monotonic() - started < 3600:
            samples.append((time.monotonic() - started, _rss_mb(worker.process.pid)))
            time.sleep(5)
        worker.terminate()
    elapsed = time.monotonic() - started
    return run.row(notes=[f"{run.sent / elapsed:.1f} articles/s", _rss_note(samples)]), samples


def _rss_mb(pid: int) -> float:
    try:
        parent = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)]) / 2**20
    except psutil.NoSuchProcess:
        return 0.0


def _rss_note(samples: list[tuple[float, float]]) -> str:
    values = [rss for _, rss in samples if rss]
    if len(values) < 4:
        return f"RSS peak {max(values, default=0):.0f} MB"
    half = values[len(values) // 2:]
    return (f"RSS start {values[0]:.0f} MB, peak {max(values):.0f} MB, end {values[-1]:.0f} MB; "
            f"second half within {100 * (max(half) - min(half)) / max(half):.1f} %")


def hostile_offline(workdir: Path) -> tuple[dict[str, float], float]:
    """Each hostile text through `newsworker enrich` (one article per batch): seconds from the output
    line before it to its own, and the process's peak RSS in MB."""
    import os
    import subprocess
    import sys

    from tests.kafka import REPO

    hostile = inputs.hostile()
    source = workdir / "hostile.jsonl"
    source.write_bytes(b"\n".join([inputs.good(0, "warm")] + list(hostile.values())) + b"\n")
    env = {**os.environ, "NEWSWORKER_BATCH_SIZE": "1"}
    process = subprocess.Popen([sys.executable, "-m", "worker", "enrich", str(source)], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    stamps, peak = [], [0.0]
    sampler = threading.Thread(target=_sample_peak, args=(process, peak), daemon=True)
    sampler.start()
    for _ in process.stdout:
        stamps.append(time.monotonic())
    process.wait()
    sampler.join()
    times = {name: stamps[i + 1] - stamps[i] for i, name in enumerate(hostile) if i + 1 < len(stamps)}
    return times, peak[0]


def _sample_peak(process, peak: list[float]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], _rss_mb(process.pid))
        time.sleep(0.05)
