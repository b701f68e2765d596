"""What runs the pipeline's stages for the agents, off the event loop.

`worker/stream/stage_pool.py` runs them in killable processes under the per-article budget;
`worker/stream/thread_stages.py` in a thread of the worker: no budget, for `stage_processes=0`.
Both answer a batch of (value, origin) with one Output per input, in order (`clean_and_tag`: one
(cleaned, enriched or None) pair per input), and say in `size` how many batches they run at once.
"""

from __future__ import annotations

from worker.core.messages import Origin

Batch = list[tuple[bytes | None, Origin]]
BOTH = "clean+tag"  # both stages in one request (and the metrics label of its timing)


class NothingToStart:
    """Stages with no processes to start, stop or close, which run one batch at a time."""

    size = 1

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    def close(self) -> None:
        pass
