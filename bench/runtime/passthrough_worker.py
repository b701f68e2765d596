"""The newsworker runtime with stages that do nothing: the same Faust app, agents, two topic hops,
publisher and metrics, each article forwarded as it is. Its throughput is the framework's ceiling.

Run as `python bench/runtime/passthrough_worker.py` with the worker's NEWSWORKER_* environment."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from worker.core.messages import Output, Stage  # noqa: E402
from worker.core.settings import from_env  # noqa: E402
from worker.stream.stages import NothingToStart  # noqa: E402
from worker.stream.worker import run_worker  # noqa: E402

PASSED = {"provenance": {}}  # what the worker's metrics read of an output


class PassThrough(NothingToStart):
    async def clean(self, batch):
        return [Output(key=origin.key or b"", value=value, stage=Stage.CLEAN, article=PASSED) for value, origin in batch]

    async def tag(self, batch):
        return [Output(key=origin.key or b"", value=value, stage=Stage.TAG, article=PASSED) for value, origin in batch]

    async def clean_and_tag(self, batch):
        return list(zip(await self.clean(batch), await self.tag(batch)))


if __name__ == "__main__":
    run_worker(from_env(), stages=PassThrough())
