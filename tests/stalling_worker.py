"""A worker whose tagger hangs on articles titled "STALL", the way a pathological input can hang a
stage, so the stall watchdog behind /readyz can be seen to fire. Run as
`python tests/stalling_worker.py`; the hang lasts NEWSWORKER_TEST_HANG_SECONDS (default 600)."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worker import tagging  # noqa: E402
from worker.runner import run_worker  # noqa: E402
from worker.settings import from_env  # noqa: E402


class HangingTagger:
    def __init__(self, real):
        self.real = real

    def tag_many(self, articles):
        if any(a["title"] == "STALL" for a in articles):
            time.sleep(float(os.environ.get("NEWSWORKER_TEST_HANG_SECONDS", "600")))
        return self.real.tag_many(articles)


if __name__ == "__main__":
    settings = from_env()
    run_worker(settings, tagger=HangingTagger(tagging.load(settings.spacy_model)))
