"""The benchmark's articles: the development corpora's texts (BBC, PolNeAR, the sample), shuffled
(the corpora are sorted by class) with a fixed seed per repeat."""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from worker.evaluation.topics import read_article

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"


def texts() -> list[str]:
    if not EVAL.is_dir():  # without it the corpus would be the sample article alone, repeated
        raise FileNotFoundError(f"the development corpora are not at {EVAL}")
    found = [(REPO / "samples" / "independent-rutte-nato.txt").read_text()]
    for path in sorted((EVAL / "topics-bbc").glob("*/*.txt")):
        article = read_article(path)
        found.append(f"{article['title']}\n{article['body']}")
    for path in sorted((EVAL / "quotes-polnear" / "dev" / "text").glob("*.txt")):
        found.append(path.read_text(errors="replace"))
    return found


def articles(n: int, seed: int, tag: str = "") -> list[bytes]:
    """n raw articles with distinct ids, texts drawn in a shuffled order (repeating if n is larger)."""
    pool = texts()
    random.Random(seed).shuffle(pool)
    return [orjson.dumps({"id": f"bench-{tag}{seed}-{i}", "url": f"https://bench.example/{tag}{seed}/{i}",
                          "source": "bench", "text": pool[i % len(pool)]}) for i in range(n)]


def mean_words(values: list[bytes]) -> float:
    return sum(len(orjson.loads(v)["text"].split()) for v in values) / len(values)
