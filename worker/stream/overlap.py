"""Overlapping batches: the stages run on the next batch while this one is published.

An agent hands each batch to `InOrder.start` as two steps. The first (the stages) starts at once;
the second (publish, then mark the inputs done) waits until every earlier batch has finished its
own. Outputs and acknowledgements so keep the order of the inputs, which keeps offsets committed
in order (Faust commits up to the first offset not yet acknowledged, and mis-commits when
acknowledgements come out of order), while the stage processes never wait for the broker's acks.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, TypeVar

T = TypeVar("T")

DEPTH = 2  # batches in flight: one being published while the next runs its stages


class InOrder:
    def __init__(self, depth: int = DEPTH):
        self._room = asyncio.Semaphore(depth)
        self._latest: asyncio.Future | None = None  # done when the latest batch has finished
        self._running: set[asyncio.Task] = set()

    async def room(self) -> None:
        """Wait until fewer than `depth` batches are in flight; each `start` takes the room it gave."""
        await self._room.acquire()

    def start(self, first: Callable[[], Awaitable[T]], then: Callable[[T], Awaitable[None]]) -> None:
        """Run `first()` now and `then(its result)` after the earlier batches' `then`. Neither step
        may raise (the agents exit the process on a failure they cannot handle)."""
        earlier, finished = self._latest, asyncio.get_running_loop().create_future()
        self._latest = finished
        task = asyncio.create_task(self._run(first, then, earlier, finished))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, first, then, earlier: asyncio.Future | None, finished: asyncio.Future) -> None:
        try:
            result = await first()
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
