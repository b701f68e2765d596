"""`newsworker eval cleaning`: article-body precision / recall / F1 on labelled HTML pages.

Scores with 4-gram word shingles (tokens are `\\w+` runs, counted with multiplicity): per page,
precision = matched / predicted shingles and recall = matched / gold shingles; both are averaged
over pages and F1 is computed from the two averages. Our stage's article text (standfirst and
body: the labelled bodies include the standfirst) is scored beside `trafilatura.extract(html)` with
default settings, on the same pages in the same run; `--body-only` scores our `body` alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable

from worker import cleaning

_TOKEN = re.compile(r"\w+")
_REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = _REPO_ROOT.parent / "shared" / "eval" / "html-news"
N = 4


def shingles(text: str, n: int = N) -> Counter:
    """Word n-grams with their counts; a text shorter than n words is one shingle."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_scores(predicted: str, gold: str) -> tuple[float, float]:
    """(precision, recall) of one page; an empty side scores 0."""
    pred, ref = shingles(predicted), shingles(gold)
    matched = sum((pred & ref).values())
    precision = matched / sum(pred.values()) if pred else 0.0
    recall = matched / sum(ref.values()) if ref else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def load_pages(data: Path) -> list[dict]:
    """[{name, publisher, html, gold, url}] sorted by file name."""
    truth = json.loads((data / "ground_truth.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(truth):
        html = gzip.decompress((data / "html" / name).read_bytes()).decode("utf-8", "replace")
        pages.append({
            "name": name,
            "publisher": name.split("_")[0],
            "html": html,
            "gold": "\n\n".join(truth[name]["body"]),
            "url": truth[name].get("url") or "",
        })
    return pages


def ours(page: dict, body_only: bool = False) -> str:
    raw = {"url": page["url"], "source": page["publisher"], "html": page["html"]}
    try:
        article = cleaning.clean(raw)
    except cleaning.EmptyArticle:
        return ""
    if body_only or not article["standfirst"]:
        return article["body"]
    return article["standfirst"] + "\n\n" + article["body"]


def trafilatura_alone(page: dict) -> str:
    import trafilatura

    return trafilatura.extract(page["html"]) or ""


SYSTEMS: dict[str, Callable[[dict], str]] = {"newsworker": ours, "trafilatura": trafilatura_alone}


def evaluate(pages: Iterable[dict], systems: dict[str, Callable[[dict], str]] = SYSTEMS) -> dict:
    """{system: {publisher or "overall": {"precision", "recall", "f1", "pages"}}}."""
    per_page: dict[str, dict[str, list]] = {name: defaultdict(list) for name in systems}
    for page in pages:
        for name, system in systems.items():
            scores = page_scores(system(page), page["gold"])
            per_page[name][page["publisher"]].append(scores)
            per_page[name]["overall"].append(scores)
    return {name: {group: _summary(scores) for group, scores in groups.items()}
            for name, groups in per_page.items()}


def _summary(scores: list[tuple[float, float]]) -> dict:
    precision = sum(p for p, _ in scores) / len(scores)
    recall = sum(r for _, r in scores) / len(scores)
    return {"precision": precision, "recall": recall, "f1": f1(precision, recall), "pages": len(scores)}


def format_table(results: dict) -> str:
    names = list(results)
    groups = sorted(g for g in results[names[0]] if g != "overall") + ["overall"]
    header = f"{'publisher':<18}" + "".join(f"{n + ' P':>15}{'R':>7}{'F1':>7}" for n in names)
    lines = [header, "-" * len(header)]
    for group in groups:
        cells = "".join(
            f"{results[n][group]['precision']:>15.3f}{results[n][group]['recall']:>7.3f}"
            f"{results[n][group]['f1']:>7.3f}" for n in names)
        lines.append(f"{group:<18}{cells}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="newsworker eval cleaning", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with ground_truth.json and html/ (default: %(default)s)")
    parser.add_argument("--publisher", action="append", help="only these publishers (repeatable)")
    parser.add_argument("--body-only", action="store_true", help="score our body without the standfirst")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "ground_truth.json").is_file():
        parser.error(f"no ground_truth.json in {args.data}")
    pages = load_pages(args.data)
    if args.publisher:
        pages = [p for p in pages if p["publisher"] in set(args.publisher)]
    systems = dict(SYSTEMS)
    if args.body_only:
        systems["newsworker"] = lambda page: ours(page, body_only=True)
    results = evaluate(pages, systems)
    print(json.dumps(results, indent=2) if args.json else format_table(results))
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
