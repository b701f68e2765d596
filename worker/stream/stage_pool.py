"""The stages in killable processes, under a per-article budget.

Each process loads the tagger once and answers (stage, batch) requests over a pipe. The event loop
only waits on the pipe (it never runs a stage), so heartbeats, probes and SIGTERM are served
whatever an article costs. While a request runs, the loop samples the process's CPU time and
resident memory from /proc: a request over the CPU budget (a batch gets the per-article budget
once, so a hostile article is caught as fast in a batch as alone) or a process over the memory
limit is killed and the process started again. A killed batch is retried one article at a time, so
the rest of it goes on; an article over the budget on its own becomes a `budget_exceeded` dead
letter naming the stage and the limit.

Each request runs on whichever process is free, so a worker with N processes (by default the CPUs
it may use) runs N batches at once, each batched through the models in its own process.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
from dataclasses import dataclass
from typing import Callable

from worker.core import dead_letters
from worker.core.messages import Output, Reason, Rejected, Stage
from worker.core.settings import Settings
from worker.stream.stages import BOTH, Batch

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Budget:
    cpu_seconds: float  # per article
    memory_bytes: int  # resident memory of a stage process

    @classmethod
    def of(cls, settings: Settings) -> "Budget":
        return cls(settings.stage_cpu_seconds, settings.stage_memory_mb * 1024 * 1024)


def cpus_available(cpu_max: str = "/sys/fs/cgroup/cpu.max") -> int:
    """CPUs this process may use: its affinity, capped by a cgroup v2 CPU quota (a container's
    CPU limit; a fractional limit rounds down, to at least 1)."""
    cpus = len(os.sched_getaffinity(0))
    try:
        with open(cpu_max) as f:
            quota, period = f.read().split()
        if quota != "max":
            cpus = min(cpus, int(quota) // int(period))
    except (OSError, ValueError):
        pass
    return max(cpus, 1)


def default_tagger(settings: Settings):
    from worker.core import pipeline  # in the stage process only: the worker never loads the models
    return pipeline.load_tagger(settings)


# -- the stage process -------------------------------------------------------------------------
def _serve(conn, settings: Settings, make_tagger: Callable) -> None:
    """A stage process: load once, then answer requests until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker decides when we stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: never outlive the worker
    from worker.core import pipeline  # here, not in the worker: its libraries and models cost ~100 MB
    tagger = make_tagger(settings)
    conn.send("ready")
    while True:
        try:
            stage, batch = conn.recv()
        except EOFError:
            return
        if stage == Stage.CLEAN:
            conn.send([pipeline.clean_message(value, origin, settings) for value, origin in batch])
        elif stage == Stage.TAG:
            conn.send(pipeline.tag_messages(batch, tagger, settings))
        else:
            conn.send(pipeline.clean_and_tag(batch, tagger, settings))


# The pool already runs a process per CPU; BLAS threads beyond that only fight over the same CPUs.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _start_with_one_blas_thread(process) -> None:
    """Start a spawned process whose BLAS uses one thread, unless the environment says otherwise
    (the library reads it when it loads, so it must be in the environment the process starts with)."""
    added = {k: v for k, v in _ONE_THREAD.items() if k not in os.environ}
    os.environ.update(added)
    try:
        process.start()
    finally:
        for name in added:
            del os.environ[name]


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", "rb") as f:
        fields = f.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime


def _rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/statm", "rb") as f:
        return int(f.read().split()[1]) * _PAGE


class OverBudget(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


class _Process:
    """One stage process and its pipe."""

    def __init__(self, settings: Settings, make_tagger: Callable):
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, settings, make_tagger),
                                       name="newsworker-stage", daemon=True)
        _start_with_one_blas_thread(self.process)
        child.close()
        self.ready = False

    async def _readable(self, timeout: float) -> bool:
        loop, done = asyncio.get_running_loop(), asyncio.Event()
        loop.add_reader(self.conn.fileno(), done.set)
        try:
            await asyncio.wait_for(done.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            loop.remove_reader(self.conn.fileno())

    async def wait_ready(self) -> None:
        while not self.ready:
            if not self.process.is_alive():
                raise RuntimeError(f"stage process exited with {self.process.exitcode} while loading")
            if await self._readable(0.5):
                self.ready = self.conn.recv() == "ready"

    async def call(self, stage: str, batch: Batch, budget: Budget) -> list[Output]:
        """Run a request; raise OverBudget (after killing the process) when it goes over."""
        await self.wait_ready()
        pid = self.process.pid
        self.conn.send((stage, batch))
        cpu_limit = _cpu_seconds(pid) + budget.cpu_seconds
        while not await self._readable(POLL_SECONDS):
            if not self.process.is_alive():
                raise OverBudget(f"the {stage} stage process died (exit code {self.process.exitcode})")
            if _cpu_seconds(pid) > cpu_limit:
                self.kill()
                raise OverBudget(f"over the CPU budget of {budget.cpu_seconds:g}s per article in the {stage} stage"
                                 " (NEWSWORKER_STAGE_CPU_SECONDS)")
            if _rss_bytes(pid) > budget.memory_bytes:
                self.kill()
                raise OverBudget(f"over the memory budget of {budget.memory_bytes // 2**20} MiB in the {stage} "
                                 "stage (NEWSWORKER_STAGE_MEMORY_MB)")
        return self.conn.recv()

    def kill(self) -> None:
        """SIGKILL without waiting: a dying process with a large heap can take a while to go, and
        the event loop must not wait on it (the next spawn reaps it)."""
        if self.process.is_alive():
            self.process.kill()
        self.conn.close()


class StagePool:
    """`processes` stage processes (default: the settings', else one per available CPU); a request
    runs on whichever is free, or waits for one."""

    def __init__(self, settings: Settings, processes: int | None = None, make_tagger: Callable = default_tagger,
                 on_restart: Callable[[Stage], None] = lambda stage: None):
        self.settings, self.budget = settings, Budget.of(settings)
        self._make_tagger, self._on_restart = make_tagger, on_restart
        # Started now, so the models load while the worker connects and joins its group.
        count = processes or settings.stage_processes or cpus_available()
        self._all = [self._spawn() for _ in range(count)]
        self._free: asyncio.Queue[_Process] = asyncio.Queue()
        for process in self._all:
            self._free.put_nowait(process)

    def _spawn(self) -> _Process:
        multiprocessing.active_children()  # reaps the processes killed before
        return _Process(self.settings, self._make_tagger)

    async def start(self) -> None:
        """Wait until every process has loaded its models."""
        for process in list(self._all):
            await process.wait_ready()

    async def stop(self) -> None:
        self.close()

    def close(self) -> None:
        """Kill the stage processes and wait for them (the worker is exiting)."""
        for process in self._all:
            process.kill()
            process.process.join(5)

    async def clean(self, batch: Batch) -> list[Output]:
        return await self._run(Stage.CLEAN, batch)

    async def tag(self, batch: Batch) -> list[Output]:
        return await self._run(Stage.TAG, batch)

    async def clean_and_tag(self, batch: Batch) -> list[tuple[Output, Output | None]]:
        """Both stages in one request; an article over the budget is a tag-stage dead letter (the
        clean stage is linear and cheap, so the tag stage is where a budget is spent)."""
        return await self._run(BOTH, batch)

    @property
    def size(self) -> int:
        return len(self._all)

    async def _run(self, stage: str, batch: Batch) -> list:
        try:
            return await self._call(stage, batch)
        except OverBudget as exc:
            if len(batch) == 1:
                return [self._dead(stage, batch[0], exc)]
            log.warning("%s batch of %d: %s; running its articles one at a time", stage, len(batch), exc.what)
        outputs = []
        for item in batch:
            try:
                outputs += await self._call(stage, [item])
            except OverBudget as exc:
                outputs.append(self._dead(stage, item, exc))
        return outputs

    async def _call(self, stage: str, batch: Batch) -> list:
        process = await self._free.get()
        try:
            return await process.call(stage, batch, self.budget)
        except OverBudget:
            log.error("restarting a %s stage process", stage)
            self._on_restart(stage)
            process.kill()
            self._all.remove(process)
            process = self._spawn()
            self._all.append(process)
            raise
        finally:
            self._free.put_nowait(process)

    def _dead(self, stage: str, item, exc: OverBudget):
        value, origin = item
        log.error("%s[%d]@%d: %s", origin.topic, origin.partition, origin.offset, exc.what)
        named = Stage.TAG if stage == BOTH else stage
        rejected = Rejected(named, Reason.BUDGET_EXCEEDED, exc.what, "BudgetExceeded")
        dead = dead_letters.of_input(value, origin, rejected, self.settings.pipeline_version)
        return (dead, None) if stage == BOTH else dead
