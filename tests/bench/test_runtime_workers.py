"""The runtime benchmark's own workers (pass-through and NER-only) enrich through the bundled broker."""

import orjson
import pytest

from bench.runtime import online
from bench.runtime.cluster import NER_ONLY, PASSTHROUGH

pytestmark = pytest.mark.integration

TEXT = "Mark Rutte met ministers in Brussels on Tuesday. NATO allies agreed to raise spending."


@pytest.mark.parametrize("command", [PASSTHROUGH, NER_ONLY], ids=["pass-through", "NER only"])
def test_a_benchmark_worker_passes_every_article_on(broker, tmp_path, command):
    values = [orjson.dumps({"id": f"b{i}", "url": f"https://bench.example/{i}", "source": "bench", "text": TEXT})
              for i in range(20)]
    run = online.throughput(broker.bootstrap, values, 1, 1, tmp_path, command=command, timeout=90)
    assert run["articles"] == len(values)
