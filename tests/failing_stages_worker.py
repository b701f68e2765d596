"""A real worker whose stages, once, answer a batch with an output missing: a failure the pipeline
did not turn into a dead letter, so the worker must exit before any offset from that batch (or a
later one already in flight) is committed.

Run as `python tests/failing_stages_worker.py`; the file named by NEWSWORKER_TEST_FAILED_ONCE marks
that the failure happened (a restarted worker then runs normally)."""

import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worker.core.settings import from_env  # noqa: E402
from worker.stream.stage_pool import StagePool  # noqa: E402
from worker.stream.worker import run_worker  # noqa: E402

MARK = b'"id":"break'


class FailingOnce(StagePool):
    async def clean_and_tag(self, batch):
        outputs = await super().clean_and_tag(batch)
        flag = Path(os.environ["NEWSWORKER_TEST_FAILED_ONCE"])
        if any(MARK in (value or b"") for value, _ in batch) and not flag.exists():
            flag.touch()
            await asyncio.sleep(3)  # past the commit interval: a wrongly acked batch would be committed by now
            return outputs[:-1]
        return outputs


if __name__ == "__main__":
    settings = from_env()
    run_worker(settings, stages=FailingOnce(settings))
