"""Measurements through the broker: throughput of a backlog, latency at a steady rate with /healthz
probed beside it, and resident memory over a long backlog."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
import urllib.request
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.runtime.cluster import cpu_seconds, fresh_settings, own_cpu_seconds, rss_mb, workers
from worker.core.ids import id_of_bytes
from worker.core.settings import Settings
from worker.kafka.ranges import partitions_of
from worker.stream.stage_pool import cpus_available

BATCH_SECONDS = "newsworker_stage_batch_duration_seconds_sum"  # time the stage processes spent on batches
BATCHES = "newsworker_stage_batch_duration_seconds_count"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(p / 100 * len(ordered)), len(ordered) - 1)]


async def _producer(bootstrap: str) -> AIOKafkaProducer:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0,
                                max_request_size=16 * 2**20)
    await producer.start()
    return producer


async def _observer(bootstrap: str, topic: str, fetch_wait_ms: int) -> AIOKafkaConsumer:
    """Reads the output from its start. A short fetch wait adds little latency to what it sees, but
    each waiting fetch costs the broker (on the workers' cores) CPU."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
                                enable_auto_commit=False, fetch_max_wait_ms=fetch_wait_ms,
                                max_partition_fetch_bytes=16 * 2**20)
    await consumer.start()
    consumer.assign(await partitions_of(consumer, topic))
    return consumer


async def _watch(consumer: AIOKafkaConsumer, seen: dict[str, float], want: int, timeout: float,
                 produced: bool = False) -> None:
    """When each key was first seen, or (`produced`) when the worker produced it: the record's
    timestamp, which the worker's producer sets at send time."""
    deadline = time.monotonic() + timeout
    while len(seen) < want and time.monotonic() < deadline:
        for records in (await consumer.getmany(timeout_ms=100)).values():
            now = time.time()
            for record in records:
                seen.setdefault(record.key.decode(), record.timestamp / 1000 if produced else now)


# -- throughput --------------------------------------------------------------------------------
async def _backlog(settings: Settings, values: list[bytes], timeout: float) -> dict[str, float]:
    """Produce every value at once; when each was produced to the enriched topic. The observer's
    fetch wait is long, so that observing takes little CPU from the workers."""
    t = settings.topics
    observer = await _observer(settings.kafka_bootstrap, t.enriched, fetch_wait_ms=500)
    producer = await _producer(settings.kafka_bootstrap)
    try:
        for start in range(0, len(values), 500):
            await asyncio.gather(*[await producer.send(t.raw, v, key=id_of_bytes(v).encode())
                                   for v in values[start:start + 500]])
        seen: dict[str, float] = {}
        await _watch(observer, seen, len(values), timeout, produced=True)
        return seen
    finally:
        await producer.stop()
        await observer.stop()


def throughput(bootstrap: str, values: list[bytes], count: int, processes: int | None, logs: Path,
               command: list[str] | None = None, broker_pid: int | None = None, timeout: float = 1800,
               env: dict | None = None) -> dict:
    """Articles per second of `count` workers on a backlog, over its middle 80 % (start-up and the
    tail excluded), and the CPUs used meanwhile: by the workers (and of those, their stage
    processes), by the broker, and by this benchmark (producing the backlog, observing the output)."""
    settings = fresh_settings(bootstrap, processes)
    with workers(settings, count, logs, command, env) as running:
        pids = [w.process.pid for w in running]
        used = {"cores_used": lambda: cpu_seconds(pids), "stage_cores": lambda: cpu_seconds(pids, children_only=True),
                "bench_cores": own_cpu_seconds}  # this process alone: the workers and the broker are its children
        if broker_pid:
            used["broker_cores"] = lambda: cpu_seconds([broker_pid])
        before, started = {k: f() for k, f in used.items()}, time.time()
        seen = asyncio.run(_backlog(settings, values, timeout))
        elapsed = max(max(seen.values()) - started, 1e-9)
        cpus = {k: (f() - before[k]) / elapsed for k, f in used.items()}
        batches = sum(_metric(w, BATCHES) for w in running)
    stamps = sorted(seen.values())
    lo, hi = int(0.1 * len(stamps)), int(0.9 * len(stamps)) - 1
    rate = (hi - lo) / (stamps[hi] - stamps[lo])
    return {"articles": len(stamps), "articles_per_second": rate, **cpus,
            "articles_per_batch": len(stamps) / batches if batches else None}


def _metric(worker, name: str) -> float:
    """The sum of a metric's samples (over its labels) on a worker's /metrics."""
    _, body = worker.get("/metrics")
    return sum(float(line.rsplit(" ", 1)[1]) for line in body.decode().splitlines()
               if line.startswith(name + "{") or line.startswith(name + " "))


# -- latency and probes ------------------------------------------------------------------------
class HealthProbe:
    """GETs /healthz every 50 ms in a thread; response times in seconds."""

    def __init__(self, url: str):
        self.url, self.times, self._stop = url, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "HealthProbe":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    response.read()
                self.times.append(time.perf_counter() - started)
            except OSError:
                self.times.append(float("inf"))
            self._stop.wait(0.05)


async def _steady(settings: Settings, values: list[bytes], rate: float, extra: dict[int, bytes]) -> tuple:
    """Send `values` at `rate` per second (and `extra[i]` just after value i); when each was sent
    and first seen on the enriched topic."""
    t = settings.topics
    observer = await _observer(settings.kafka_bootstrap, t.enriched, fetch_wait_ms=10)
    producer = await _producer(settings.kafka_bootstrap)
    seen: dict[str, float] = {}
    sent: dict[str, float] = {}
    watcher = asyncio.create_task(_watch(observer, seen, len(values) + len(extra), timeout=len(values) / rate + 120))
    try:
        start = time.monotonic()
        for i, value in enumerate(values):
            await asyncio.sleep(max(start + i / rate - time.monotonic(), 0))
            for v in [value] + ([extra[i]] if i in extra else []):
                key = id_of_bytes(v)
                sent[key] = time.time()
                await producer.send(t.raw, v, key=key.encode(), timestamp_ms=int(sent[key] * 1000))
        await producer.flush()
        await watcher
    finally:
        watcher.cancel()
        await producer.stop()
        await observer.stop()
    return sent, seen


def latency(bootstrap: str, values: list[bytes], rate: float, logs: Path, warmup: int,
            hostile: dict[int, bytes] | None = None, env: dict | None = None) -> dict:
    """One worker with default settings (and `env`); `values` sent at `rate`; latency of each (after
    the first `warmup`) = first seen on the enriched topic - sent; /healthz response times meanwhile;
    and the load the run put on the worker: the share of the time its stage processes were running a
    batch (this machine's speed drifts, so a fixed rate is not a fixed load)."""
    settings = fresh_settings(bootstrap, None)
    hostile = hostile or {}
    with workers(settings, 1, logs, env=env) as (worker,), HealthProbe(worker.url("/healthz")) as probe:
        running, started = _metric(worker, BATCH_SECONDS), time.monotonic()
        sent, seen = asyncio.run(_steady(settings, values, rate, hostile))
        busy = (_metric(worker, BATCH_SECONDS) - running) / (time.monotonic() - started) / cpus_available()
    hostile_keys = {id_of_bytes(v) for v in hostile.values()}
    keys = [id_of_bytes(v) for v in values[warmup:]]
    lost = [k for k in keys if k not in seen]
    waits = [seen[k] - sent[k] for k in keys if k in seen]
    return {"rate": rate, "articles": len(keys), "missing": len(lost),
            "p50": percentile(waits, 50), "p95": percentile(waits, 95), "p99": percentile(waits, 99),
            "max": max(waits), "mean": statistics.fmean(waits),
            "hostile_seconds": [seen.get(k, float("inf")) - sent[k] for k in hostile_keys],
            "healthz_p99": percentile(probe.times, 99), "healthz_max": max(probe.times),
            "healthz_probes": len(probe.times), "busy": busy}


# -- memory ------------------------------------------------------------------------------------
def backlog_memory(bootstrap: str, values: list[bytes], processes: int, logs: Path, every: float = 2.0) -> dict:
    """A backlog of `values` through one worker; resident memory of the worker and its `processes`
    stage processes sampled every `every` seconds until all are out."""
    settings = fresh_settings(bootstrap, processes)
    samples: list[tuple[float, float]] = []
    with workers(settings, 1, logs) as (worker,):
        stop = threading.Event()

        def sample() -> None:
            started = time.monotonic()
            while not stop.is_set():
                samples.append((time.monotonic() - started, rss_mb([worker.process.pid])))
                stop.wait(every)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.time()
        try:
            seen = asyncio.run(_backlog(settings, values, timeout=7200))
        finally:
            stop.set()
            sampler.join()
    values_mb = [rss for _, rss in samples]
    half = values_mb[len(values_mb) // 2:]
    return {"articles": len(seen), "seconds": max(seen.values()) - started, "start_mb": values_mb[0],
            "peak_mb": max(values_mb), "end_mb": values_mb[-1],
            "second_half_spread_pct": 100 * (max(half) - min(half)) / max(half), "samples": samples}
