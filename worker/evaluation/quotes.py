"""Quote evaluation on PolNeAR dev: precision / recall of direct quotes and the share of detected
quotes whose speaker is right.

Gold direct quotes are the attribution Contents that contain double quotation marks (curly,
straight, or typed as two apostrophes as in the NYT texts: ''A,'' she said), or that sit
inside them with the marks left out of the span (a transcript turn "“PENCE: ...", annotated
without the mark and the speaker label). A detected
quote matches a gold one when at least half of each side's words are in the other; its speaker
is right when the speaker (or the entity it resolved to) shares a content word with the gold
Source. A gold Source that is only a pronoun ("he") has no content word, so the speaker share is
also given over the quotes whose gold Source names someone, and the share of pronoun Sources is
reported. Texts with several annotation files use the first.

The articles are split into two fixed halves by sorted file name: half A the even positions, half
B the odd ones (`--half a|b` scores one). The earlier speaker rules were written looking at errors
on all articles; the later quote and clause rules looked at errors on half A only, and a round after
them looked at half B's errors, keeping only changes neutral or better on half A. Neither half is a
hold-out any more: each checks that a change made on the other carries over. `--errors` lists the
false positives, missed gold quotes and wrong speakers."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from worker.evaluation._common import emit, parser, prf
from worker.tagging import Tagger

QUOTE_MARKS = re.compile(r"[“”\"]|''")
CURLY_OR_STRAIGHT = re.compile(r"[“”\"]")  # the earlier definition: no typed marks, no Content inside marks
# Before a Content that sits inside quotation marks: an opening mark, then at most a speaker label
_INSIDE_MARKS = re.compile(r"(?:[“\"]|'')(?:[A-Z][A-Z.'’ -]*:\s+)?$")
LABEL_REACH = 40
_WORD = re.compile(r"\w+")


def words(text: str | None) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def content_words(text: str | None) -> set[str]:
    return {w for w in words(text) if w not in STOP_WORDS}


def read_gold(ann: Path, text: str = "", earlier: bool = False) -> list[dict]:
    """[{content, source}] for the attributions whose content holds quotation marks or sits inside
    them in `text` (the article the offsets point into); `earlier`: only contents holding curly or
    straight marks."""
    spans, links = {}, []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            key, kind_offsets, content = (line.split("\t") + [""])[:3]
            kind, start = kind_offsets.split()[:2]
            spans[key] = (kind, content, int(start))
        elif line.startswith("E"):
            links.append(dict(part.split(":") for part in line.split("\t")[1].split()))
    gold = []
    for link in links:
        _, content, start = spans.get(link.get("Content", ""), ("", "", 0))
        marked = bool((CURLY_OR_STRAIGHT if earlier else QUOTE_MARKS).search(content))
        if marked or (content and not earlier and inside_marks(text, start)):
            gold.append({"content": content, "source": spans.get(link.get("Source", ""), ("", ""))[1],
                         "inside_marks": not marked})
    return gold


def inside_marks(text: str, start: int) -> bool:
    """An opening quotation mark, then at most a speaker label, stands before `start` in its paragraph."""
    lo = max(text.rfind("\n", 0, start) + 1, start - LABEL_REACH)
    return bool(_INSIDE_MARKS.search(text, lo, start))


def pairs(data: Path) -> list[tuple[Path, Path]]:
    found = []
    for text in sorted((data / "text").glob("*.txt")):
        anns = sorted((data / "attributions").glob(f"{text.stem}_*.ann"))
        if anns:
            found.append((text, anns[0]))
    return found


def article(index: int, text: str) -> dict:
    title, _, body = text.partition("\n")
    body = body.strip()
    return {"schema": "cleaned-article.v1", "id": f"polnear-{index}", "url": "", "title": title.strip(),
            "standfirst": "", "body": body, "paragraphs": [p for p in body.split("\n") if p.strip()],
            "removed": [], "content_hash": "sha256:" + hashlib.sha256(body.encode()).hexdigest(),
            "provenance": {"pipeline_version": "eval", "source_topic": "eval", "source_partition": 0,
                           "source_offset": index, "received_at": ""}}


def same_quote(quote: dict, gold: str) -> bool:
    """The quoted words, or the reported clause they sit in, match the gold content."""
    return _same(quote["text"], gold) or ("reported" in quote and _same(quote["reported"]["text"], gold))


def _same(found: str, gold: str) -> bool:
    a, b = words(found), words(gold)
    return bool(a and b) and len(a & b) >= len(a) / 2 and len(a & b) >= len(b) / 2


def speaker_right(quote: dict, source: str) -> bool:
    gold = content_words(source)
    return bool(gold & (content_words(quote["speaker"]) | content_words(quote.get("speaker_entity"))))


def count(quotes: list[dict], gold: list[dict]) -> Counter:
    """Counts of one document: predicted, right, gold, gold found, matched quotes whose gold Source
    names someone (and how many of those have the right speaker), matched with a pronoun Source."""
    counts = Counter(predicted=len(quotes), gold=len(gold),
                     gold_inside_marks=sum(g.get("inside_marks", False) for g in gold),
                     gold_found=sum(any(same_quote(q, g["content"]) for q in quotes) for g in gold))
    for q in quotes:
        matches = [g for g in gold if same_quote(q, g["content"])]
        if not matches:
            continue
        counts["right"] += 1
        counts["speaker_right"] += any(speaker_right(q, g["source"]) for g in matches)
        if any(content_words(g["source"]) for g in matches):
            counts["named"] += 1
            counts["named_right"] += any(speaker_right(q, g["source"]) for g in matches)
        else:
            counts["pronoun_source"] += 1
    return counts


def scores(counts: Counter) -> dict:
    quotes = prf(counts["right"], counts["predicted"], counts["gold"])
    # recall counts the gold quotes found (two detected quotes may match one), and F1 uses that recall
    precision = counts["right"] / counts["predicted"] if counts["predicted"] else 0.0
    recall = counts["gold_found"] / counts["gold"] if counts["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    quotes.update(recall=round(recall, 4), f1=round(f1, 4), gold_found=counts["gold_found"],
                  gold_inside_marks=counts["gold_inside_marks"])
    matched = counts["right"]
    return {"quotes": quotes,
            "speaker_share": round(counts["speaker_right"] / matched, 4) if matched else 0.0,
            "speaker_right": counts["speaker_right"], "matched_quotes": matched,
            "speaker_share_named": round(counts["named_right"] / counts["named"], 4) if counts["named"] else 0.0,
            "speaker_right_named": counts["named_right"], "matched_quotes_named": counts["named"],
            "pronoun_source_share": round(counts["pronoun_source"] / matched, 4) if matched else 0.0,
            "pronoun_sources": counts["pronoun_source"]}


def half_of(position: int) -> str:
    """Half "a" holds the even positions of the sorted articles, half "b" the odd ones."""
    return "b" if position % 2 else "a"


def evaluate(data: Path, model: str, half: str | None = None, earlier: bool = False,
             errors: list | None = None) -> dict:
    """Scores over the documents (of one half, if given) and over each half; `earlier` scores the
    quotes in curly or straight marks against the gold of the earlier definition; `errors`, when
    given, receives the errors of each document (see `errors_of`)."""
    tagger = Tagger(model, duplicate_capacity=1)
    chosen = [(i, pair) for i, pair in enumerate(pairs(data)) if half in (None, half_of(i))]
    total, halves = Counter(), {}
    for i, (text_path, ann) in chosen:
        text = text_path.read_text(encoding="utf-8")
        enriched = tagger.tag_many([article(i, text)])[0]
        quotes = [q for q in enriched["quotes"] if not (earlier and _typed(enriched["body"], q))]
        gold = read_gold(ann, text, earlier)
        counts = count(quotes, gold)
        total.update(counts)
        halves.setdefault(half_of(i), Counter()).update(counts)
        if errors is not None:
            errors.extend(dict(error, document=text_path.stem, half=half_of(i))
                          for error in errors_of(enriched["body"], quotes, gold))
    return {"documents": len(chosen), "half": half or "all", **scores(total),
            "halves": {name: scores(counts) for name, counts in sorted(halves.items())}}


def errors_of(body: str, quotes: list[dict], gold: list[dict]) -> list[dict]:
    """The errors of one document: detected quotes matching no gold quote ("false positive"), gold
    quotes no detected quote matches ("missed"), and matched quotes whose speaker is wrong although
    the gold Source names someone ("wrong speaker"), each with the text around it."""
    found = []
    for q in quotes:
        matches = [g for g in gold if same_quote(q, g["content"])]
        context = body[max(0, q["start"] - 160):q["end"] + 120].replace("\n", " / ")
        if not matches:
            found.append({"kind": "false positive", "quote": q["text"], "speaker": q["speaker"],
                          "context": context})
        elif (any(content_words(g["source"]) for g in matches)
              and not any(speaker_right(q, g["source"]) for g in matches)):
            found.append({"kind": "wrong speaker", "quote": q["text"], "speaker": q["speaker"],
                          "entity": q.get("speaker_entity"), "gold_source": matches[0]["source"],
                          "context": context})
    for g in gold:
        if not any(same_quote(q, g["content"]) for q in quotes):
            found.append({"kind": "missed", "quote": g["content"], "gold_source": g["source"]})
    return found


def _error_lines(errors: list[dict]) -> list[str]:
    lines = []
    for e in sorted(errors, key=lambda e: ("false positive", "missed", "wrong speaker").index(e["kind"])):
        lines.append(f"[{e['kind']}] {e['document']} (half {e['half'].upper()}): {e['quote'][:200]!r}")
        if "speaker" in e:
            lines.append(f"    speaker {e['speaker']!r} entity {e.get('entity')!r}")
        if "gold_source" in e:
            lines.append(f"    gold source {e['gold_source']!r}")
        if "context" in e:
            lines.append(f"    context: {e['context']!r}")
    return lines


def _typed(body: str, quote: dict) -> bool:
    """The quote opens with two apostrophes: ''A,'' she said."""
    return body[max(0, quote["start"] - 2):quote["start"]] == "''"


def _line(name: str, result: dict) -> str:
    q = result["quotes"]
    return (f"{name}: precision {q['precision']:.3f} ({q['true_positive']}/{q['predicted']})  "
            f"recall {q['recall']:.3f} ({q['gold_found']}/{q['gold']})  named speaker "
            f"{result['speaker_share_named']:.3f} ({result['speaker_right_named']}/{result['matched_quotes_named']})  "
            f"pronoun Source {result['pronoun_source_share']:.3f}")


def main(argv: list[str]) -> int:
    p = parser("quotes", "Direct quote P/R and speaker share on PolNeAR dev.", "quotes-polnear/dev")
    p.add_argument("--half", choices=("a", "b"), help="score one half only: a = even, b = odd positions "
                   "of the articles sorted by file name")
    p.add_argument("--earlier-gold", action="store_true", help="the earlier definition of a gold quote: "
                   "Contents holding curly or straight marks, scored against quotes in those marks")
    p.add_argument("--errors", action="store_true", help="also list the errors: false positives, "
                   "missed gold quotes and wrong speakers, with the text around them")
    args = p.parse_args(argv)
    errors = [] if args.errors else None
    result = evaluate(args.data, args.model, args.half, args.earlier_gold, errors)
    q = result["quotes"]
    lines = [f"PolNeAR dev ({result['half']}), {result['documents']} articles, {q['gold']} gold direct quotes "
             f"({q['gold_inside_marks']} of them inside marks left out of the span)",
             f"precision {q['precision']:.3f} ({q['true_positive']}/{q['predicted']})  "
             f"recall {q['recall']:.3f} ({q['gold_found']}/{q['gold']})  F1 {q['f1']:.3f}",
             f"speaker right on {result['speaker_share']:.3f} of matched quotes "
             f"({result['speaker_right']}/{result['matched_quotes']}); "
             f"{result['speaker_share_named']:.3f} where the gold Source has a content word "
             f"({result['speaker_right_named']}/{result['matched_quotes_named']})",
             f"gold Source only a pronoun (cannot match): {result['pronoun_source_share']:.3f} of matched quotes "
             f"({result['pronoun_sources']}/{result['matched_quotes']})"]
    lines += [_line(f"half {name.upper()}", half) for name, half in result["halves"].items()]
    if errors is not None:
        result["errors"] = errors
        lines += _error_lines(errors)
    emit(result, args.json, lines)
    return 0
