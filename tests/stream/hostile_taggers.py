"""Taggers that misbehave the way a pathological article makes a real one misbehave, for the stage
processes to load (module-level, so a spawned process can import them)."""

from worker.core import pipeline


class Hostile:
    """Burns CPU on articles titled BURN, grabs memory on HOG; tags the rest for real."""

    def __init__(self, real):
        self.real = real

    def tag_many(self, articles):
        titles = {a["title"] for a in articles}
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
