"""The newsworker runtime whose tag stage runs the NER model and nothing else: the same Faust app,
agents, stage processes, cleaning, publisher and metrics, with entity resolution, topics,
keywords, quotes, language and near-duplicates left out. Its throughput is raw NER measured under
the worker's own conditions (the broker and the worker process sharing the machine).

Run as `python bench/runtime/ner_only_worker.py` with the worker's NEWSWORKER_* environment."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from worker.core.settings import from_env  # noqa: E402
from worker.stream.stage_pool import StagePool  # noqa: E402
from worker.stream.worker import run_worker  # noqa: E402


class NerOnly:
    """A tagger that finds the model's entity spans and adds them as they are."""

    def __init__(self, settings):
        from worker.tagging import ner  # in the stage process only
        self._ner, self._max_chars = ner, settings.max_model_chars
        self.nlp = ner.load_model(settings.spacy_model)

    def tag_many(self, articles: list[dict]) -> list[dict]:
        from worker.tagging.document import Document
        found = self._ner.find(self.nlp, [Document.of(a).text for a in articles], max_chars=self._max_chars)
        return [{**a, "entities": [list(span) for span in f.spans]} for a, f in zip(articles, found)]


def ner_only_tagger(settings) -> NerOnly:
    return NerOnly(settings)


if __name__ == "__main__":
    settings = from_env()
    run_worker(settings, stages=StagePool(settings, make_tagger=ner_only_tagger))
