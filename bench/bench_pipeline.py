"""End-to-end throughput through the bundled broker, beside raw spaCy NER on the same texts.

    .venv/bin/python bench/bench_pipeline.py [--articles 400] [--workers 1 2]

Builds raw articles from the development corpora (BBC topics and PolNeAR texts plus the sample),
measures raw NER alone (the same model and components the tagger loads, nlp.pipe, batch 16) on
their bodies, then produces them to the bundled broker and times `newsworker run` worker
processes from the first enriched article to the last. Writes bench/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.kafka import WorkerProcess, produce, read, setup_topics, unique_settings  # noqa: E402
from worker.kafka.dev_broker import DevBroker, free_port  # noqa: E402
from worker.evaluation.topics import read_article  # noqa: E402
from worker.tagging.ner import load_model  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"


def corpus() -> list[str]:
    texts = [(REPO / "samples" / "independent-rutte-nato.txt").read_text()]
    for path in sorted((EVAL / "topics-bbc").glob("*/*.txt")):
        article = read_article(path)
        texts.append(f"{article['title']}\n{article['body']}")
    for path in sorted((EVAL / "quotes-polnear" / "dev" / "text").glob("*.txt")):
        texts.append(path.read_text(errors="replace"))
    return texts


def raw_articles(n: int) -> list[bytes]:
    texts = corpus()
    return [orjson.dumps({"id": f"bench-{i}", "url": f"https://bench.example/{i}", "source": "bench",
                          "text": texts[i % len(texts)]}) for i in range(n)]


def raw_ner_rate(values: list[bytes]) -> float:
    nlp = load_model("en_core_web_sm")
    bodies = [orjson.loads(v)["text"] for v in values]
    list(nlp.pipe(bodies[:16], batch_size=16))  # warm up
    started = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=16):
        pass
    return len(bodies) / (time.perf_counter() - started)


def through_broker(bootstrap: str, values: list[bytes], workers: int, logs: Path) -> dict:
    settings = unique_settings(bootstrap, topic_partitions=4)
    setup_topics(settings)
    processes = [WorkerProcess(settings.replace(web_port=free_port()), logs / f"w{workers}-{i}.log")
                 for i in range(workers)]
    try:
        for process in processes:
            process.wait_ready(120)
        time.sleep(settings.session_timeout)  # let the group settle on its final assignment
        produce(bootstrap, settings.topics.raw, values)
        records = read(bootstrap, settings.topics.enriched, until=lambda rs: len(rs) >= len(values), timeout=900)
    finally:
        for process in processes:
            process.kill()
    stamps = sorted(r.timestamp for r in records)
    seconds = max(stamps[-1] - stamps[0], 1) / 1000
    return {"workers": workers, "articles": len(records), "seconds": round(seconds, 2),
            "articles_per_second": round((len(records) - 1) / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    values = raw_articles(args.articles)
    words = sum(len(orjson.loads(v)["text"].split()) for v in values) / len(values)
    ner = raw_ner_rate(values)
    print(f"raw spaCy NER: {ner:.1f} articles/s ({words:.0f} words per article)")
    results = {"articles": args.articles, "mean_words": round(words), "raw_ner_articles_per_second": round(ner, 1),
               "runs": []}
    with tempfile.TemporaryDirectory() as logs, DevBroker() as broker:
        for n in args.workers:
            run = through_broker(broker.bootstrap, values, n, Path(logs))
            run["ratio_to_raw_ner"] = round(run["articles_per_second"] / ner, 2)
            results["runs"].append(run)
            print(f"{n} worker(s) through the broker: {run['articles_per_second']} articles/s "
                  f"= {run['ratio_to_raw_ner']}x raw NER")
    out = REPO / "bench" / "results" / "pipeline.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
