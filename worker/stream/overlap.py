"""Overlapping batches: each stage process runs a batch of its own while earlier ones are published.

An agent hands each batch to `InOrder.start` as two steps. The first (the stages) starts at once;
the second (publish, then mark the inputs done) waits until every earlier batch has finished its
own. Outputs and acknowledgements so keep the order of the inputs, which keeps offsets committed
in order (Faust commits up to the first offset not yet acknowledged, and mis-commits when
acknowledgements come out of order), while the stage processes never wait for the broker's acks.

`room()` lets the agent take a batch only when a stage process is free to start it. Taken any
earlier, a batch would queue behind the running ones while the articles that arrive meanwhile wait
for it, then for a batch of their own; taken when a process frees, a batch holds what arrived
while the process was busy, so batches stay small under a light load and fill under a backlog.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")


class InOrder:
    def __init__(self, running: int = 1, depth: int | None = None):
        """`running`: batches in their stages at once (the stage processes); `depth`: batches in
        flight, running or waiting to be published (default: twice `running`, so a process is not
        held up by a slower batch that must be published before its own)."""
        self._running = asyncio.Semaphore(running)
        self._room = asyncio.Semaphore(depth or 2 * running)
        self._latest: asyncio.Future | None = None  # done when the latest batch has finished
        self._tasks: set[asyncio.Task] = set()

    async def room(self) -> None:
        """Wait until a batch may start its stages; each `start` takes the room it gave."""
        await self._room.acquire()
        await self._running.acquire()

    def start(self, first: Callable[[], Awaitable[T]], then: Callable[[T], Awaitable[None]]) -> None:
        """Run `first()` now and `then(its result)` after the earlier batches' `then`. Neither step
        may raise (the agents exit the process on a failure they cannot handle)."""
        earlier, finished = self._latest, asyncio.get_running_loop().create_future()
        self._latest = finished
        task = asyncio.create_task(self._run(first, then, earlier, finished))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, first, then, earlier: asyncio.Future | None, finished: asyncio.Future) -> None:
        try:
            try:
                result = await first()
            finally:
                self._running.release()
            if earlier is not None:
                await earlier
            await then(result)
        finally:
            finished.set_result(None)
            self._room.release()

    async def join(self) -> None:
        """Wait until every batch started so far has finished."""
        if self._latest is not None:
            await asyncio.shield(self._latest)
