"""The stages in a thread of the worker process: no budget (see stages.py). One thread, so
overlapping batches take turns on the one tagger."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from worker.core import pipeline
from worker.core.messages import Output
from worker.core.settings import Settings
from worker.stream.stages import Batch, NothingToStart


class ThreadStages(NothingToStart):
    def __init__(self, settings: Settings, tagger=None):
        self.settings = settings
        self.tagger = tagger or pipeline.load_tagger(settings)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsworker-stages")

    async def _in_thread(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._thread, partial(fn, *args))

    async def clean(self, batch: Batch) -> list[Output]:
        return await self._in_thread(
            lambda: [pipeline.clean_message(value, origin, self.settings) for value, origin in batch])

    async def tag(self, batch: Batch) -> list[Output]:
        return await self._in_thread(pipeline.tag_messages, batch, self.tagger, self.settings)

    async def clean_and_tag(self, batch: Batch) -> list[tuple[Output, Output | None]]:
        return await self._in_thread(pipeline.clean_and_tag, batch, self.tagger, self.settings)
