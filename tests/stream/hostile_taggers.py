"""A tagger that misbehaves on purpose, the way a pathological article makes a real one misbehave,
for the stage processes to load (module-level, so a spawned process can import it). By title:
EXPLODE raises (an exception in a stage), STALL hangs for NEWSWORKER_TEST_HANG_SECONDS (default 600;
the stall watchdog), SLOW takes 2 s (a slow stage), BURN spins the CPU, HOG grabs memory (the
budget); the rest are tagged for real."""

import os
import time

from worker.core import pipeline


class Hostile:
    def __init__(self, real):
        self.real = real

    def tag_many(self, articles):
        titles = {a["title"] for a in articles}
        if "EXPLODE" in titles:
            raise RuntimeError("tagger exploded on purpose")
        if "STALL" in titles:
            time.sleep(float(os.environ.get("NEWSWORKER_TEST_HANG_SECONDS", "600")))
        time.sleep(2.0 * sum(1 for a in articles if a["title"] == "SLOW"))
        if "BURN" in titles:
            while True:
                pass
        if "HOG" in titles:
            hoard = []
            while True:
                hoard.append(bytearray(64 * 1024 * 1024))
        return self.real.tag_many(articles)


def hostile_tagger(settings):
    return Hostile(pipeline.load_tagger(settings))


def idle_tagger(settings):
    """Loads nothing: for tests of the pool itself."""
    return None
