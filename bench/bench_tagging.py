"""Tagging throughput beside raw spaCy NER on the same texts, in the same run, and the RSS of a
worker with everything loaded.

    .venv/bin/python bench/bench_tagging.py [--data DIR] [--rounds 5] [--batch 16] [--baseline MODEL]

Raw NER is timed for the pipeline's model and for a baseline model (en_core_web_sm, NER alone),
interleaved, best of the rounds each. The RSS figures are taken before the baseline is loaded.

Texts: the BBC development articles (../shared/eval/topics-bbc) when present, else copies of the
sample article. Both sides see the same text per article (title, standfirst and body joined as
the stage joins them), in batches of the pipeline's size, on one thread. Results go to
bench/results/tagging.json."""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # per-core numbers: one thread

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from worker.tagging import Tagger, ner  # noqa: E402
from worker.tagging.document import Document  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "tagging.json"


def _article(index: int, title: str, standfirst: str, paragraphs: list[str]) -> dict:
    body = "\n\n".join(paragraphs)
    return {"schema": "cleaned-article.v1", "id": f"bench-{index}", "url": f"https://example.com/{index}",
            "title": title, "standfirst": standfirst, "body": body, "paragraphs": paragraphs, "removed": [],
            "content_hash": "sha256:" + hashlib.sha256(body.encode()).hexdigest(),
            "provenance": {"pipeline_version": "bench", "source_topic": "bench", "source_partition": 0,
                           "source_offset": index, "received_at": ""}}


def bbc_articles(data: Path) -> list[dict]:
    articles = []
    for path in sorted(data.glob("*/*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
        paragraphs = [line for line in lines[1:] if line]
        articles.append(_article(len(articles), lines[0], "", paragraphs))
    return articles


def sample_articles(count: int = 100) -> list[dict]:
    local = REPO / "samples" / "independent-rutte-nato.txt"
    path = local if local.exists() else REPO.parent / "shared" / "samples" / "independent-rutte-nato.txt"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = [lines[6].split("difference.", 1)[-1]] + lines[7:]
    # rotate the paragraphs so the copies differ
    return [_article(i, lines[0], lines[1], body[i % len(body):] + body[:i % len(body)]) for i in range(count)]


def batches(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def time_raw_ner(nlp, texts: list[str], batch: int) -> float:
    start = time.process_time()
    for chunk in batches(texts, batch):
        for doc in nlp.pipe(chunk, batch_size=batch):
            doc.ents  # noqa: B018
    return time.process_time() - start


def time_stage(tagger: Tagger, articles: list[dict], batch: int) -> float:
    start = time.process_time()
    for chunk in batches(articles, batch):
        tagger.tag_many(chunk)
    return time.process_time() - start


def rss_mb() -> dict:
    status = Path("/proc/self/status").read_text()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines()
              if line.startswith(("VmRSS", "VmHWM"))}
    return {"rss_mb": round(values["VmRSS"] / 1024, 1), "peak_rss_mb": round(values["VmHWM"] / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "eval" / "topics-bbc")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--model", default=ner.PACKAGED)
    parser.add_argument("--baseline", default="en_core_web_sm")
    args = parser.parse_args(argv)

    articles = bbc_articles(args.data) if args.data.exists() else sample_articles()
    texts = [Document.of(a).text for a in articles]
    words = sum(len(t.split()) for t in texts)
    tagger = Tagger(args.model, duplicate_capacity=5000)
    tagger.tag_many(articles[:4])  # warm up
    loaded = rss_mb()
    raw_times, stage_times, baseline_times = [], [], []
    for _ in range(args.rounds):  # interleaved, best of each
        raw_times.append(time_raw_ner(tagger.nlp, texts, args.batch))
        stage_times.append(time_stage(tagger, articles, args.batch))
    worker_rss = rss_mb()
    baseline = ner.load_model(args.baseline)
    for _ in range(args.rounds):
        raw_times.append(time_raw_ner(tagger.nlp, texts, args.batch))
        baseline_times.append(time_raw_ner(baseline, texts, args.batch))
    raw_rate = len(texts) / min(raw_times)
    baseline_rate = len(texts) / min(baseline_times)
    stage_rate = len(articles) / min(stage_times)
    result = {
        "corpus": str(args.data) if args.data.exists() else "sample copies",
        "articles": len(articles), "mean_words": round(words / len(texts)),
        "batch": args.batch, "rounds": args.rounds, "model": args.model, "baseline": args.baseline, "threads": 1,
        "raw_ner_articles_per_cpu_second": round(raw_rate, 2),
        "baseline_ner_articles_per_cpu_second": round(baseline_rate, 2),
        "raw_ner_to_baseline_ner": round(raw_rate / baseline_rate, 3),
        "stage_articles_per_cpu_second": round(stage_rate, 2),
        "stage_to_raw_ner": round(stage_rate / raw_rate, 3),
        "rss_after_load_mb": loaded["rss_mb"],
        **worker_rss,
        "python": platform.python_version(), "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
