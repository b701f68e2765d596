"""How much of an article that is already clean the cleaning stage removes, on texts it never learned
from: the BBC News articles (2004-5) of ../shared/eval/topics-bbc and the PolNeAR articles (2016) of
../shared/eval/quotes-polnear. Each article (title given) whole, and cut to its first 3, 5 and 7
paragraphs: the share of its words in paragraphs that are not in our standfirst or body, and how
many articles lose any. `--long-trees`: short texts judged by the long texts' trees, as before the
model had trees of its own for them.

    OMP_NUM_THREADS=1 .venv/bin/python bench/clean_text_loss.py [--long-trees]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from worker import cleaning
from worker.cleaning import model
from worker.cleaning.normalise import normalise_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
CUTS = (None, 3, 5, 7)
_WORD = re.compile(r"\w+")


def articles() -> Iterator[tuple[str, str, list[str]]]:
    """(corpus, title, paragraphs): the first line of each file is its title."""
    for corpus, pattern in (("bbc", "topics-bbc/*/*.txt"), ("polnear", "quotes-polnear/dev/text/*.txt")):
        for path in sorted(SHARED.glob(pattern)):
            lines = [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
            yield corpus, lines[0], lines[1:]


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(normalise_text(text))) + " "


def lost_words(title: str, paragraphs: list[str], boilerplate_model: model.Model) -> tuple[int, int]:
    """(words of the paragraphs, words of those not kept whole in our standfirst or body)."""
    try:
        article = cleaning.clean({"url": "https://example.org/a", "title": title, "text": "\n".join(paragraphs)},
                                 boilerplate_model=boilerplate_model)
        kept = _words(article["standfirst"] + "\n" + article["body"])
    except cleaning.EmptyArticle:
        kept = ""
    counts = [len(_WORD.findall(p)) for p in paragraphs]
    return sum(counts), sum(n for p, n in zip(paragraphs, counts) if _words(p) not in kept)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-trees", action="store_true", help="judge short texts by the long texts' trees")
    args = parser.parse_args(argv)
    boilerplate_model = model.load()
    if args.long_trees:
        boilerplate_model = dataclasses.replace(boilerplate_model, article=dataclasses.replace(
            boilerplate_model.article, short_trees=None, short_threshold=None))
    totals: dict[tuple[str, int | None], list[int]] = {}
    for corpus, title, paragraphs in articles():
        for cut in CUTS:
            if cut is not None and len(paragraphs) < cut:
                continue
            words, lost = lost_words(title, paragraphs[:cut], boilerplate_model)
            total = totals.setdefault((corpus, cut), [0, 0, 0, 0])
            total[0] += 1
            total[1] += words
            total[2] += lost
            total[3] += lost > 0
    print("corpus   paragraphs  articles  words lost  articles losing any")
    for (corpus, cut), (count, words, lost, losing) in totals.items():
        paragraphs = "all" if cut is None else f"first {cut}"
        print(f"{corpus:8s} {paragraphs:10s} {count:9d}  {lost / words:9.2%}  {losing:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
