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
from pathlib import Path

import orjson

from tests.faults import inputs
from tests.faults.run import (Row, Run, first_output_after, loaded, rss_mb, rss_note, sample_peak, wait_tagged)
from tests.kafka.proxy import Proxy
from worker.kafka.dev_broker import DevBroker, free_port


def sigkill(bootstrap: str, workdir: Path, n: int) -> Row:
    run = loaded(bootstrap, workdir, "SIGKILL mid-stream", n, "k")
    with run.worker("first") as first:
        first.wait_ready()
        wait_tagged(first, n // 5)
        first.kill()
    before = run.done()
    with run.worker("second") as second:
        recovery = first_output_after(run, before)
        run.wait_all(300)
        second.terminate()
    return run.row(recovery, [f"{before} done before the kill"])


def rebalance(bootstrap: str, workdir: Path, n: int) -> Row:
    """1 -> 2 -> 1 workers under load: the second leaves by SIGTERM, a third joins and is SIGKILLed."""
    run = loaded(bootstrap, workdir, "rebalance 1-2-1 (SIGTERM, SIGKILL)", n, "r")
    with run.worker("first") as first:
        first.wait_ready()
        wait_tagged(first, n // 10)
        with run.worker("second") as second:
            second.wait_ready()
            wait_tagged(second, 20)
            second.terminate()
        with run.worker("third") as third:
            third.wait_ready()
            wait_tagged(third, 20)
            third.kill()
        before = run.done()
        recovery = first_output_after(run, before)
        run.wait_all(300)
        first.terminate()
    return run.row(recovery)


def sigstop(bootstrap: str, workdir: Path, n: int, seconds: float) -> Row:
    run = loaded(bootstrap, workdir, f"SIGSTOP one of two workers for {seconds:g} s", n, "s")
    with run.worker("first") as first, run.worker("second") as second:
        first.wait_ready()
        second.wait_ready()
        wait_tagged(first, 20)
        first.process.send_signal(signal.SIGSTOP)
        time.sleep(seconds)
        first.process.send_signal(signal.SIGCONT)
        recovery = first_output_after(run, run.done())
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
            samples.append((time.monotonic() - started, rss_mb(worker.process.pid)))
            time.sleep(5)
        worker.terminate()
    elapsed = time.monotonic() - started
    return run.row(notes=[f"{run.sent / elapsed:.1f} articles/s", rss_note(samples)]), samples


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
    sampler = threading.Thread(target=sample_peak, args=(process, peak), daemon=True)
    sampler.start()
    for _ in process.stdout:
        stamps.append(time.monotonic())
    process.wait()
    sampler.join()
    times = {name: stamps[i + 1] - stamps[i] for i, name in enumerate(hostile) if i + 1 < len(stamps)}
    return times, peak[0]


def network_faults(workdir: Path, n: int, blackhole_seconds: float) -> list[Row]:
    """Through a TCP proxy that every client (worker, producer, watcher) goes through: a blackhole of
    the whole network, then connection resets every 5 s while the worker processes."""
    port = free_port()
    with DevBroker(advertised=f"127.0.0.1:{port}", log_path=str(workdir / "proxied-broker.log")) as broker, \
            Proxy(port, broker.port) as proxy:
        bootstrap = f"127.0.0.1:{port}"
        run = loaded(bootstrap, workdir, f"{blackhole_seconds:g} s network blackhole", n, "n")
        with run.worker("only") as worker:
            worker.wait_ready()
            wait_tagged(worker, n // 5)
            proxy.blackhole()
            time.sleep(blackhole_seconds)
            ready_during = worker.get("/readyz")[0]
            proxy.restore()
            recovery = first_output_after(run, run.done())
            run.wait_all(300)
            worker.terminate()
        rows = [run.row(recovery, [f"/readyz at the end of the blackhole: {ready_during}"])]
        run = loaded(bootstrap, workdir, "connection resets every 5 s", n, "x")
        with run.worker("only") as worker:
            worker.wait_ready()
            resets, deadline = 0, time.monotonic() + 300
            while run.done() < run.sent and time.monotonic() < deadline:
                time.sleep(5)
                proxy.reset()
                resets += 1
            run.wait_all(120)
            worker.terminate()
        rows.append(run.row(notes=[f"{resets} resets"]))
    return rows


def slow_stage(bootstrap: str, workdir: Path, n: int) -> Row:
    """One article in five takes 2 s in the tag stage; /healthz is timed meanwhile."""
    run = Run(bootstrap, workdir, "slow stage (2 s per article, one in five)")
    def slow(i: int) -> bytes:
        return orjson.dumps({"id": f"slow-{i}", "url": f"https://e.com/slow/{i}",
                             "text": "SLOW\nA standfirst.\nA body that takes long."})

    with run.worker("only", command=["tests/misbehaving_worker.py"]) as worker:
        worker.wait_ready()
        run.send([slow(i) if i % 5 == 0 else inputs.good(i, "w") for i in range(n)])
        probes = []
        while run.done() < run.sent and len(probes) < 3000:
            started = time.monotonic()
            worker.get("/healthz")
            probes.append(time.monotonic() - started)
            time.sleep(0.1)
        run.wait_all(300)
        worker.terminate()
    probes.sort()
    return run.row(notes=[f"/healthz p99 {1000 * probes[int(0.99 * (len(probes) - 1))]:.0f} ms, "
                          f"max {1000 * probes[-1]:.0f} ms over {len(probes)} probes"])
