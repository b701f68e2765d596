"""`newsworker eval cleaning`: article-body precision / recall / F1, leave-publisher-out.

Scores with 4-gram word shingles (tokens are `\\w+` runs, counted with multiplicity): per page,
precision = matched / predicted shingles and recall = matched / gold shingles; both are averaged
over pages and F1 is computed from the two averages. Our `body` is scored (the standfirst apart).

Three kinds of input are built from each labelled page (`--mode`, see _cleaning_data): `html`,
`text` (the page's whole visible text) and `inline` (the gold body with real non-body sentences of
the page put in). Every page is cleaned by a model trained without its publisher (on the training
pages and the other development publishers; `--data ../shared/train/fundus-parser` scores the
training pages the same way); `--shipped-model` uses the shipped model instead
(which has seen every publisher: not a fair score). Beside it: our standfirst and body together
(`+standfirst`: the gold body of a page holds the page's summary, which the stage sets apart as the
standfirst, so the body alone misses it), trafilatura alone on the page's HTML, and the input as
it is (the page's whole text for `html`). For `text`, also how often the headline and the
standfirst the stage picks in a page's whole text are the page's (right, wrong, none); for
`inline`, also our body's scores over several draws of the sentences put in (`--draws`), on the
gold body run together (every paragraph glued to the next), on the gold body with one
paragraph glued to the next (the first, or the middle one), and with the first sentence put in
glued on after the first paragraph instead of before it.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from worker import cleaning
from worker.cleaning import model as model_file
from worker.cleaning.pagetext import page_text
from worker.evaluation._cleaning_data import (DEV_DATA, MODES, cut_short, glued_after, load_pages, page_title,
                                              raw_input, sentences, shingles)

DEFAULT_DATA = DEV_DATA
_TOKEN = re.compile(r"\w+")
__all__ = ["DEFAULT_DATA", "evaluate", "f1", "load_pages", "page_scores", "shingles", "main"]


def page_scores(predicted: str, gold: str) -> tuple[float, float]:
    """(precision, recall) of one page; an empty side scores 0."""
    pred, ref = shingles(predicted), shingles(gold)
    matched = sum((pred & ref).values())
    precision = matched / sum(pred.values()) if pred else 0.0
    recall = matched / sum(ref.values()) if ref else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def cleaned_article(raw: dict, boilerplate_model=None) -> dict | None:
    """The stage's cleaned fields; None when nothing of the article is left."""
    try:
        return cleaning.clean(raw, boilerplate_model=boilerplate_model)
    except cleaning.EmptyArticle:
        return None


def body_of(article: dict | None, standfirst: bool = False) -> str:
    """Its body; with `standfirst`, the standfirst (if any) as its first paragraph."""
    if article is None:
        return ""
    lead = [article["standfirst"]] if standfirst and article["standfirst"] else []
    return "\n\n".join(lead + [article["body"]])


def cleaned_body(raw: dict, boilerplate_model=None, standfirst: bool = False) -> str:
    return body_of(cleaned_article(raw, boilerplate_model), standfirst)


def trafilatura_alone(page: dict) -> str:
    import trafilatura

    return trafilatura.extract(page["html"]) or ""


def input_as_is(page: dict, mode: str) -> str:
    return page_text(page["html"]) if mode == "html" else raw_input(page, mode)["text"]


def cleaned_articles(mode: str, models: Callable[[dict], object]) -> Callable[[dict], dict | None]:
    """page -> the stage's article for the page's input in `mode`, each page cleaned once (the two
    columns that score it and the headline counts read the same article)."""
    cleaned: dict[str, dict | None] = {}

    def article(page: dict) -> dict | None:
        if page["name"] not in cleaned:
            cleaned[page["name"]] = cleaned_article(raw_input(page, mode), models(page))
        return cleaned[page["name"]]

    return article


def systems_for(mode: str, models: Callable[[dict], object],
                article: Callable[[dict], dict | None] | None = None) -> dict[str, Callable[[dict], str]]:
    article = article or cleaned_articles(mode, models)
    return {
        "newsworker": lambda page: body_of(article(page)),
        "+standfirst": lambda page: body_of(article(page), standfirst=True),
        "trafilatura": trafilatura_alone,
        "input": lambda page: input_as_is(page, mode),
    }


def evaluate(pages: Iterable[dict], systems: dict[str, Callable[[dict], str]]) -> dict:
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


def format_pages(pages: list[dict], body: Callable[[dict], str]) -> str:
    """One line a page: its name and the precision, recall and F1 of `body` on it."""
    lines = []
    for page in pages:
        precision, recall = page_scores(body(page), page["gold"])
        lines.append(f"{page['name']:<40}{precision:>7.3f}{recall:>7.3f}{f1(precision, recall):>7.3f}")
    return "\n".join(lines)


class RulesOnly:
    """A stand-in for the model that keeps every unit: the stage with its rules alone."""

    @staticmethod
    def judge(units, title: str = "", page=None, extracted: bool = False,
              publisher: frozenset = frozenset()) -> model_file.Judgement:
        return model_file.Judgement([True] * len(units))


def _tokens(text: str) -> str:
    return " " + " ".join(_TOKEN.findall(text)) + " "


def lost_sentences(pages: list[dict], mode: str, models: Callable[[dict], object]) -> list[tuple[str, str]]:
    """(page, gold body sentence) pairs that the rules alone keep and the model loses."""
    lost = []
    for page in pages:
        raw = raw_input(page, mode)
        ours, rules_only = _tokens(cleaned_body(raw, models(page))), _tokens(cleaned_body(raw, RulesOnly()))
        for paragraph in page["body"]:
            for sentence in sentences(paragraph):
                key = _tokens(sentence)
                if key.strip() and key in rules_only and key not in ours:
                    lost.append((page["name"], sentence))
    return lost


def inline_draws(pages: list[dict], models: Callable[[dict], object], draws: int) -> list[dict]:
    """The overall scores (as _summary) of our body in inline mode for each of `draws` draws of the
    sentences put in (draw 0 is the table's): one draw of three sentences per page is a noisy sample."""
    return [_inline_scores(pages, models, draw) for draw in range(draws)]


def glued_on_scores(pages: list[dict], models: Callable[[dict], object]) -> dict:
    """The same for draw 0 with the first sentence put in glued to the end of the first paragraph
    ("...last body sentence.Sign up to ...")."""
    return _inline_scores(pages, models, 0, glued_on=True)


def _inline_scores(pages: list[dict], models: Callable[[dict], object], draw: int, glued_on: bool = False) -> dict:
    return _summary([page_scores(cleaned_body(raw_input(page, "inline", draw, glued_on=glued_on), models(page)),
                                 page["gold"]) for page in pages])


def run_together_scores(pages: list[dict], models: Callable[[dict], object]) -> dict:
    """The overall scores (as _summary) of our title, standfirst and body on each page's gold body
    run together (every paragraph glued to the next, as from a scraper that drops block boundaries)."""
    return _glued_scores(pages, models, lambda body: "".join(body))


def one_break_dropped_scores(pages: list[dict], models: Callable[[dict], object], middle: bool) -> dict:
    """The same on each page's gold body with one paragraph glued to the next (a scraper that drops
    a single break): the first paragraph, or the middle one."""
    def text_of(body: list[str]) -> str:
        return "\n".join(glued_after(body, (len(body) - 1) // 2 if middle else 0))
    return _glued_scores(pages, models, text_of)


def _glued_scores(pages: list[dict], models: Callable[[dict], object], text_of: Callable[[list[str]], str]) -> dict:
    scores = []
    for page in pages:
        article = cleaned_article({"url": page["url"], "text": text_of(page["body"])}, models(page))
        ours = "\n\n".join([article["title"], article["standfirst"], article["body"]]) if article else ""
        scores.append(page_scores(ours, page["gold"]))
    return _summary(scores)


SHORT_CUTS = 4  # cuts of each page's gold body to a short text
_SHORT_SEED = 100  # the cuts' draws, apart from the inline draws


def short_text_scores(pages: list[dict], models: Callable[[dict], object], put_in: bool) -> dict:
    """The overall scores (as _summary) of our standfirst and body on short texts: each page's gold
    body cut to its first 3-7 paragraphs (SHORT_CUTS cuts), its <title> given; as it is (text that
    is already clean must stay whole), or `put_in` with up to three of the page's non-body
    sentences put in as in inline mode."""
    scores = []
    for page in pages:
        for cut in range(SHORT_CUTS):
            short = cut_short(page, _SHORT_SEED + cut)
            if put_in:
                raw = raw_input(short, "inline", _SHORT_SEED + cut)  # the sentences put in come from the whole gold
            else:
                raw = {"url": page["url"], "source": page["publisher"], "title": page_title(page["html"]),
                       "text": "\n".join(short["body"])}
            scores.append(page_scores(body_of(cleaned_article(raw, models(page)), standfirst=True),
                                      "\n\n".join(short["body"])))
    return _summary(scores)


def mean_of_draws(draws: list[dict]) -> dict:
    """The overall scores (as _summary) over several draws: their mean precision and recall."""
    return _summary([(d["precision"], d["recall"]) for d in draws])


def scores_line(scores: dict) -> str:
    return f"P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}"


def _format_draws(draws: list[dict]) -> str:
    mean = mean_of_draws(draws)
    ps, rs = [d["precision"] for d in draws], [d["recall"] for d in draws]
    return (f"# mode inline over {len(draws)} draws of the sentences put in: P {mean['precision']:.4f} "
            f"({min(ps):.3f}-{max(ps):.3f}), R {mean['recall']:.4f} ({min(rs):.3f}-{max(rs):.3f}), "
            f"F1 {mean['f1']:.4f}")


def lead_counts(pages: list[dict], article: Callable[[dict], dict | None]) -> dict:
    """How often the headline (`title`) and the standfirst the stage gives a page's whole text (the
    articles of cleaned_articles("text", ...)) are the page's reference ones (_cleaning_lead):
    {"title" | "standfirst": {"right", "wrong", "none", "pages", "references" (pages that have one),
    "wrong_picks": [(page, ours, reference)]}}."""
    from worker.evaluation._cleaning_lead import references, same_text

    counts = {field: {"right": 0, "wrong": 0, "none": 0, "pages": len(pages), "references": 0, "wrong_picks": []}
              for field in ("title", "standfirst")}
    for page in pages:
        cleaned = article(page) or {}
        for field, reference in zip(("title", "standfirst"), references(page)):
            ours, tally = cleaned.get(field, ""), counts[field]
            verdict = "none" if not ours else "right" if same_text(ours, reference) else "wrong"
            tally[verdict] += 1
            tally["references"] += bool(reference)
            if verdict == "wrong":
                tally["wrong_picks"].append((page["name"], ours, reference))
    return counts


def _format_lead_counts(counts: dict) -> str:
    lines = []
    for field, name, source in (("title", "headline", "gold title, else the headline the page declares in its markup"),
                                ("standfirst", "standfirst", "gold summary, else the standfirst the stage finds in the "
                                                             "page's markup")):
        tally = counts[field]
        lines.append(f"\n# mode text: {name} right {tally['right']}, wrong {tally['wrong']}, none {tally['none']} of "
                     f"{tally['pages']} pages ({tally['references']} have one; against the {source})")
        lines += [f"wrong: {page}: {ours!r}, the page's: {reference!r}"
                  for page, ours, reference in tally["wrong_picks"]]
    return "\n".join(lines)


def leave_publisher_out_models(pages: list[dict]) -> Callable[[dict], object]:
    """page -> a model trained on every labelled page except its publisher's (fitted once per
    publisher of the pages given, on the training and development pages and those given)."""
    from worker.evaluation import _cleaning_training as training

    labelled = {page["name"]: page for page in training.all_pages()}
    labelled.update((page["name"], page) for page in pages)  # each page once, as given
    corpora = training.Corpora.of(list(labelled.values()))
    fitted = {p: training.fit(corpora, frozenset({p})) for p in sorted({pg["publisher"] for pg in pages})}
    return lambda page: fitted[page["publisher"]]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="newsworker eval cleaning", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with ground_truth.json and html/ (default: %(default)s)")
    parser.add_argument("--mode", action="append", choices=MODES, help="input kind (repeatable; default: all)")
    parser.add_argument("--publisher", action="append", help="only these publishers (repeatable)")
    parser.add_argument("--shipped-model", action="store_true",
                        help="use the shipped model instead of leave-publisher-out models")
    parser.add_argument("--lost", action="store_true",
                        help="also list gold body sentences the rules alone keep and the model loses")
    parser.add_argument("--pages", action="store_true", help="also print our body's scores on each page")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--draws", type=int, default=8,
                        help="inline mode: also score our body over this many draws of the sentences put in "
                             "(default: %(default)s; 0: none)")
    args = parser.parse_args(argv)
    if not (args.data / "ground_truth.json").is_file():
        parser.error(f"no ground_truth.json in {args.data}")
    pages = load_pages(args.data)
    if args.shipped_model:
        models = lambda page: model_file.load()  # noqa: E731
    else:
        models = leave_publisher_out_models(pages)
    if args.publisher:
        pages = [p for p in pages if p["publisher"] in set(args.publisher)]
    articles = {mode: cleaned_articles(mode, models) for mode in args.mode or MODES}
    results = {mode: evaluate(pages, systems_for(mode, models, article)) for mode, article in articles.items()}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("\n\n".join(f"# mode {mode}\n{format_table(r)}" for mode, r in results.items()))
        if args.pages:
            for mode, article in articles.items():
                print(f"\n# mode {mode}, our body on each page: P, R, F1\n"
                      + format_pages(pages, lambda page, article=article: body_of(article(page))))
        if "text" in results:
            print(_format_lead_counts(lead_counts(pages, articles["text"])))
        if "inline" in results and args.draws > 0:
            print(_format_draws(inline_draws(pages, models, args.draws)))
        if "inline" in results:
            print("# inline, the first sentence put in glued on after the first paragraph instead of before it: "
                  + scores_line(glued_on_scores(pages, models)))
            print("# the gold body run together (no break between paragraphs; title and standfirst counted): "
                  + scores_line(run_together_scores(pages, models)))
            for middle, where in ((False, "first"), (True, "middle")):
                print(f"# the gold body with its {where} paragraph glued to the next (title and standfirst "
                      f"counted): {scores_line(one_break_dropped_scores(pages, models, middle))}")
            for put_in, how in ((False, "as it is"), (True, "with sentences put in")):
                print(f"# short texts (the gold body's first 3-7 paragraphs, {SHORT_CUTS} cuts a page; standfirst "
                      f"counted), {how}: {scores_line(short_text_scores(pages, models, put_in))}")
    if args.lost:
        for mode in args.mode or MODES:
            lost = lost_sentences(pages, mode, models)
            print(f"\n# mode {mode}: {len(lost)} body sentences kept by the rules alone and lost by the model")
            print("\n".join(f"{name}: {sentence}" for name, sentence in lost))
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
