"""The stages in a thread of the worker process: no budget (see stages.py)."""

from __future__ import annotations

import asyncio

from worker.core import pipeline
from worker.core.messages import Output
from worker.core.settings import Settings
from worker.stream.stages import Batch, NothingToStart


class ThreadStages(NothingToStart):
    def __init__(self, settings: Settings, tagger=None):
        self.settings = settings
        self.tagger = tagger or pipeline.load_tagger(settings)

    async def clean(self, batch: Batch) -> list[Output]:
        return await asyncio.to_thread(
            lambda: [pipeline.clean_message(value, origin, self.settings) for value, origin in batch])

    async def tag(self, batch: Batch) -> list[Output]:
        return await asyncio.to_thread(pipeline.tag_messages, batch, self.tagger, self.settings)

    async def clean_and_tag(self, batch: Batch) -> list[tuple[Output, Output | None]]:
        return await asyncio.to_thread(pipeline.clean_and_tag, batch, self.tagger, self.settings)
