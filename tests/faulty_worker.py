"""A worker whose tagger raises on articles titled "EXPLODE", to show that an exception inside a
stage becomes a dead letter while the stream keeps flowing. Run as `python tests/faulty_worker.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from worker import tagging  # noqa: E402
from worker.app import create_app  # noqa: E402
from worker.runner import run_worker  # noqa: E402
from worker.settings import from_env  # noqa: E402


class FaultyTagger:
    def __init__(self, real):
        self.real = real

    def tag_many(self, articles):
        if any(a["title"] == "EXPLODE" for a in articles):
            raise RuntimeError("tagger exploded on purpose")
        return self.real.tag_many(articles)


if __name__ == "__main__":
    settings = from_env()
    run_worker(settings, tagger=FaultyTagger(tagging.load(settings.spacy_model)))
