"""Running the pipeline's stages for the agents, off the event loop.

`ThreadStages` runs them in a thread of this process: no budget, for tests and `stage_processes=0`.
`worker/stream/stage_pool.py` runs them in killable processes under the per-article budget.
Both answer a batch of (value, origin) with one Output per input, in order (`clean_and_tag`: one
(cleaned, enriched or None) pair per input).
"""

from __future__ import annotations

import asyncio

from worker.core import pipeline
from worker.core.messages import Origin, Output
from worker.core.settings import Settings

Batch = list[tuple[bytes | None, Origin]]
BOTH = "clean+tag"  # both stages in one request (and the metrics label of its timing)


class NothingToStart:
    """Stages with no processes to start, stop or close."""

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


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
