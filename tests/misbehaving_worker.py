"""A real worker whose tagger misbehaves on purpose, the way a pathological input can:
it raises on articles titled "EXPLODE" (an exception inside a stage must become a dead letter)
and hangs on articles titled "STALL" (the stall watchdog behind /readyz must fire).

Run as `python tests/misbehaving_worker.py`; a hang lasts NEWSWORKER_TEST_HANG_SECONDS (default 600)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worker.core import pipeline  # noqa: E402
from worker.core.settings import from_env  # noqa: E402
from worker.stream.stage_pool import StagePool  # noqa: E402
from worker.stream.worker import run_worker  # noqa: E402


class MisbehavingTagger:
    def __init__(self, real):
        self.real = real

    def tag_many(self, articles):
        titles = {a["title"] for a in articles}
        if "EXPLODE" in titles:
            raise RuntimeError("tagger exploded on purpose")
        if "STALL" in titles:
            time.sleep(float(os.environ.get("NEWSWORKER_TEST_HANG_SECONDS", "600")))
        return self.real.tag_many(articles)


def misbehaving_tagger(settings):
    return MisbehavingTagger(pipeline.load_tagger(settings))


if __name__ == "__main__":
    settings = from_env()
    run_worker(settings, stages=StagePool(settings, make_tagger=misbehaving_tagger))
