"""Cleaning stage throughput: articles per second on one core, text path and HTML path.

Text path: the sample article and the evaluation pages' labelled bodies rebuilt as plain text
(headline line, then paragraphs); the same with the rules alone (the model left out), for
reference on the same machine load. Glued text path: the evaluation's inline inputs (non-body
sentences of each page put in its body, the first glued on before the first paragraph).
Whole-page text path: each evaluation page's whole visible text.
HTML path: the evaluation pages, our stage beside `trafilatura.extract(html)` alone, timed
alternately in the same process. The boilerplate model is loaded once, before timing (its load
time is reported). Each repeat times every path again (best of its rounds); the machine's speed
drifts between repeats by more than the differences measured, so the median of the repeats is the
figure and their range is reported beside it. Results are printed and written to
bench/results/cleaning.json.

    .venv/bin/python bench/bench_cleaning.py [--data DIR] [--rounds N] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import trafilatura

from worker import cleaning
from worker.cleaning import model
from worker.cleaning.pagetext import page_text
from worker.evaluation._cleaning_data import raw_input
from worker.evaluation.cleaning import DEFAULT_DATA, RulesOnly, load_pages

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "independent-rutte-nato.txt"
RESULTS = ROOT / "bench" / "results" / "cleaning.json"


def _cpu_seconds(fn, items) -> float:
    start = time.process_time()
    for item in items:
        fn(item)
    return time.process_time() - start


def _best(fn, items, rounds: int) -> float:
    return min(_cpu_seconds(fn, items) for _ in range(rounds))


def _paired(htmls: list[dict], rounds: int) -> tuple[float, float]:
    """Best-round CPU seconds of our HTML path and of trafilatura alone, timed page by page in
    alternation so both see the same machine load."""
    ours, alone = [], []
    for _ in range(rounds):
        ours_s = alone_s = 0.0
        for raw in htmls:
            start = time.process_time()
            _clean(raw)
            middle = time.process_time()
            trafilatura.extract(raw["html"])
            ours_s, alone_s = ours_s + middle - start, alone_s + time.process_time() - middle
        ours.append(ours_s)
        alone.append(alone_s)
    return min(ours), min(alone)


def _clean(raw: dict, boilerplate_model=None) -> None:
    try:
        cleaning.clean(raw, boilerplate_model=boilerplate_model)
    except cleaning.EmptyArticle:
        pass


def text_inputs(pages: list[dict]) -> list[dict]:
    texts = [SAMPLE.read_text(encoding="utf-8")]
    texts += [f"{page['name']}\n{page['gold']}" for page in pages]
    return [{"url": f"https://example.org/{i}", "text": text} for i, text in enumerate(texts)]


def glued_text_inputs(pages: list[dict]) -> list[dict]:
    """The evaluation's inline inputs: each gold body with up to three of the page's non-body
    sentences put in, the first glued on before the first paragraph (a line read both ways round)."""
    return [raw_input(page, "inline") for page in pages]


def page_text_inputs(pages: list[dict]) -> list[dict]:
    return [{"url": page["url"], "text": page_text(page["html"])} for page in pages]


def html_inputs(pages: list[dict]) -> list[dict]:
    return [{"url": page["url"], "source": page["publisher"], "html": page["html"]} for page in pages]


def run(data: Path, rounds: int, repeats: int) -> dict:
    pages = load_pages(data)
    texts, glued = text_inputs(pages), glued_text_inputs(pages)
    htmls, whole = html_inputs(pages), page_text_inputs(pages)
    start = time.process_time()
    model.load()
    load_s = time.process_time() - start
    _clean(texts[0])  # load rules and trafilatura before timing
    runs = [_timed(texts, glued, htmls, whole, rounds) for _ in range(repeats)]
    return {"python": platform.python_version(), "machine": platform.machine(), "rounds": rounds,
            "model_load_seconds": round(load_s, 3), **_median_and_range(runs), "repeats": runs}


def _median_and_range(runs: list[dict]) -> dict:
    """Each figure's median over the repeats, with [lowest, highest] beside it."""
    summary: dict = {}
    for key, value in runs[0].items():
        if isinstance(value, dict):
            summary[key] = _median_and_range([run[key] for run in runs])
        elif key == "articles":
            summary[key] = value
        else:
            values = sorted(run[key] for run in runs)
            summary[key] = statistics.median(values)
            summary[key + "_range"] = [values[0], values[-1]]
    return summary


def _timed(texts: list[dict], glued: list[dict], htmls: list[dict], whole: list[dict], rounds: int) -> dict:
    text_s = _best(_clean, texts, rounds)
    glued_s = _best(_clean, glued, rounds)
    rules_s = _best(lambda raw: _clean(raw, RulesOnly()), texts, rounds)
    whole_s = _best(_clean, whole, rounds)
    html_s, trafilatura_s = _paired(htmls, rounds)
    return {
        "text_path": _rate(len(texts), text_s),
        "glued_text_path": _rate(len(glued), glued_s),
        "text_path_rules_alone": _rate(len(texts), rules_s),
        "whole_page_text_path": _rate(len(whole), whole_s),
        "html_path": _rate(len(htmls), html_s),
        "trafilatura_alone": _rate(len(htmls), trafilatura_s),
        "html_path_cost_vs_trafilatura": round(html_s / trafilatura_s, 3),
    }


def _rate(articles: int, seconds: float) -> dict:
    return {"articles": articles, "articles_per_second_per_core": round(articles / seconds, 1),
            "ms_per_article": round(1000 * seconds / articles, 3)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is kept")
    parser.add_argument("--repeats", type=int, default=3, help="times every path is timed again")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results = run(args.data, args.rounds, args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
