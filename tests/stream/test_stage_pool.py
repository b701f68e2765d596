"""The stage process pool: an article over the CPU or memory budget becomes a dead letter, the rest
of its batch goes on, and the event loop never waits on a stage."""

import asyncio
import os
import time

import orjson
import pytest

from tests.stream.hostile_taggers import hostile_tagger, idle_tagger
from worker.core import pipeline
from worker.core.messages import Origin, Stage
from worker.core.settings import Settings
from worker.stream.stage_pool import StagePool, cpus_available

SETTINGS = Settings(stage_cpu_seconds=1.0, stage_memory_mb=900)


def cleaned(title: str) -> tuple[bytes, Origin]:
    raw = orjson.dumps({"id": title.lower(), "url": f"https://e.com/{title}", "text": f"{title}\nS\nNATO met in Oslo."})
    out = pipeline.clean_message(raw, Origin("articles.raw", 0, 1), SETTINGS)
    return out.value, Origin("articles.cleaned", 0, 1, headers=out.headers)


async def run_with_ticker(pool: StagePool, batch) -> tuple[list, float]:
    """Tag a batch while a ticker measures the longest the event loop went without running it."""
    await pool.start()
    await pool.tag([cleaned("Warm up")])  # the processes have loaded their model
    longest, stop = 0.0, asyncio.Event()

    async def ticker():
        nonlocal longest
        last = time.monotonic()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest, last = max(longest, now - last), now

    task = asyncio.create_task(ticker())
    try:
        outputs = await pool.tag(batch)
    finally:
        stop.set()
        await task
        await pool.stop()
    return outputs, longest


@pytest.mark.parametrize("title, budget, limit", [
    ("BURN", SETTINGS, "CPU budget of 1s"),
    ("HOG", SETTINGS.replace(stage_cpu_seconds=60.0), "memory budget of 900 MiB"),  # zeroing pages costs CPU
])
def test_an_article_over_budget_is_dead_lettered_and_its_batch_goes_on(title, budget, limit):
    restarts = []
    pool = StagePool(budget, processes=1, make_tagger=hostile_tagger, on_restart=restarts.append)
    outputs, longest_pause = asyncio.run(run_with_ticker(pool, [cleaned("Good one"), cleaned(title),
                                                                  cleaned("Good two")]))
    assert [o.dead for o in outputs] == [False, True, False]
    letter = outputs[1].article
    assert (letter["stage"], letter["error"]["reason"], letter["error"]["type"]) == ("tag", "budget_exceeded",
                                                                                     "BudgetExceeded")
    assert limit in letter["error"]["message"] and "tag stage" in letter["error"]["message"]
    assert restarts == [Stage.TAG, Stage.TAG]  # the batch, then the article alone
    assert longest_pause < 0.5


def test_two_batches_run_at_once_on_two_processes():
    """Two batches of one SLOW article (2 s each) on two processes finish together, in order."""
    pool = StagePool(SETTINGS.replace(stage_cpu_seconds=60.0), processes=2, make_tagger=hostile_tagger)

    async def run():
        await pool.start()
        started = time.monotonic()
        try:
            outputs = await asyncio.gather(pool.tag([cleaned("SLOW")]), pool.tag([cleaned("SLOW")]))
            return outputs, time.monotonic() - started
        finally:
            await pool.stop()

    (first, second), seconds = asyncio.run(run())
    assert [o.dead for o in first + second] == [False, False] and pool.size == 2
    assert seconds < 3.5  # one after the other would take 4 s


@pytest.mark.parametrize("cpu_max, expected", [("max 100000", None), ("150000 100000", 1), ("50000 100000", 1),
                                               ("100000 100000", 1)])
def test_the_cpus_available_follow_a_container_quota(tmp_path, cpu_max, expected):
    (tmp_path / "cpu.max").write_text(cpu_max + "\n")
    affinity = len(os.sched_getaffinity(0))
    assert cpus_available(str(tmp_path / "cpu.max")) == (expected or affinity)
    assert cpus_available(str(tmp_path / "absent")) == affinity


def test_the_pool_is_sized_to_the_cpus_by_default():
    pool = StagePool(Settings(stage_processes=None), make_tagger=idle_tagger)
    try:
        assert pool.size == cpus_available()
    finally:
        pool.close()


def test_a_stage_process_uses_one_blas_thread_and_the_worker_keeps_its_environment(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    before = dict(os.environ)
    pool = StagePool(Settings(stage_processes=1), make_tagger=idle_tagger)
    try:
        assert dict(os.environ) == before
        asyncio.run(pool.start())
        [process] = pool._all
        with open(f"/proc/{process.process.pid}/environ", "rb") as f:
            environ = dict(v.split(b"=", 1) for v in f.read().split(b"\0") if b"=" in v)
        assert environ.get(b"OPENBLAS_NUM_THREADS") == b"1"
    finally:
        pool.close()
