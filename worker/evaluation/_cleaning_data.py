"""Labelled pages for the cleaning stage, and the three kinds of input built from them.

Pages come from `../shared/eval/html-news/` (development) and `../shared/train/fundus-parser/`
(training); each has its HTML and its gold body paragraphs. From a page we build:
- `html`: the page itself;
- `text`: the page's whole visible text, block elements as line breaks (what `innerText` gives);
- `inline`: the gold body with up to three real non-body sentences of the same page put in (the
  first glued to the first paragraph with no space, the second after paragraph two, the third at
  the end), and the page's `<title>` as `title`.
"""

from __future__ import annotations

import gzip
import hashlib
import html as html_entities
import json
import random
import re
from collections import Counter
from pathlib import Path

from worker.cleaning.pagetext import page_lines

_TOKEN = re.compile(r"\w+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_SENTENCE_END = re.compile(r"[a-z0-9%)][.!?][\"”’)]?\Z")
REPO_ROOT = Path(__file__).resolve().parents[2]
DEV_DATA = REPO_ROOT.parent / "shared" / "eval" / "html-news"
TRAIN_DATA = REPO_ROOT.parent / "shared" / "train" / "fundus-parser"
N = 4
MODES = ("html", "text", "inline")


def shingles(text: str, n: int = N) -> Counter:
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def load_pages(data: Path) -> list[dict]:
    """[{name, publisher, html, body: [paragraphs], gold, url, title, summary}] sorted by file name
    (title and summary: gold, "" where the data has none)."""
    truth = json.loads((data / "ground_truth.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(truth):
        markup = gzip.decompress((data / "html" / name).read_bytes()).decode("utf-8", "replace")
        body = [p for p in truth[name]["body"] if p.strip()]
        pages.append({
            "name": name,
            "publisher": truth[name].get("publisher") or name.split("_")[0],
            "html": markup,
            "body": body,
            "gold": "\n\n".join(body),
            "url": truth[name].get("url") or "",
            "title": truth[name].get("title") or "",
            "summary": " ".join(truth[name].get("summary") or []),
        })
    return pages


def page_title(markup: str) -> str:
    """The text of the page's <title> element."""
    lowered = markup[:200_000].lower()
    start = lowered.find("<title")
    if start < 0:
        return ""
    start = lowered.find(">", start)
    end = lowered.find("</title", start)
    if start < 0 or end < 0:
        return ""
    return " ".join(html_entities.unescape(markup[start + 1:end]).split())


def sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(line) if s.strip()]


def non_body_sentences(page: dict) -> list[str]:
    """Sentences of the page's text that are not the body's: 8-80 words, ending like a sentence,
    sharing under 10% of their shingles with the body; in page order, each once."""
    body = shingles(page["gold"])
    found, seen = [], set()
    for line in page_lines(page["html"]):
        for sentence in sentences(line):
            words = len(_TOKEN.findall(sentence))
            if not 8 <= words <= 80 or not _SENTENCE_END.search(sentence) or sentence in seen:
                continue
            own = shingles(sentence)
            if sum((own & body).values()) < 0.1 * sum(own.values()):
                found.append(sentence)
                seen.add(sentence)
    return found


def glued_after(paragraphs: list[str], k: int) -> list[str]:
    """The paragraphs with paragraph k glued to the next (no break, no space between them)."""
    return paragraphs[:k] + ["".join(paragraphs[k:k + 2])] + paragraphs[k + 2:]


def seed_of(name: str, variant: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{name}#{variant}".encode()).digest()[:8], "big")


def cut_short(page: dict, draw: int, fewest: int = 3, most: int = 7) -> dict:
    """The page with its gold body cut to its first `fewest` to `most` paragraphs (how many: by
    `draw`); its `gold`, from which the sentences put in are told apart, stays whole."""
    return dict(page, body=page["body"][:fewest + seed_of(page["name"], draw) % (most - fewest + 1)])


def inline_text(page: dict, variant: int = 0, scatter: bool = False, glued_on: bool = False) -> str:
    """The gold body with up to three of the page's non-body sentences put in: the first glued to
    the start of the first paragraph (`glued_on`: to its end, as a scraper also leaves a box), the
    second after paragraph two, the third at the end; with `scatter` (training only), each at a
    random paragraph instead, the first glued to its start (`glued_on` does not apply)."""
    rng = random.Random(seed_of(page["name"], variant))
    pool = non_body_sentences(page)
    picked = rng.sample(pool, min(3, len(pool)))
    paragraphs = list(page["body"])
    if scatter:
        for k, sentence in enumerate(picked):
            if k == 0:
                i = rng.randrange(len(paragraphs))
                paragraphs[i] = sentence + paragraphs[i]
            else:
                paragraphs.insert(rng.randrange(len(paragraphs) + 1), sentence)
        return "\n".join(paragraphs)
    if len(picked) > 2:
        paragraphs.append(picked[2])
    if len(picked) > 1:
        paragraphs.insert(min(2, len(paragraphs)), picked[1])
    if picked:
        paragraphs[0] = paragraphs[0] + picked[0] if glued_on else picked[0] + paragraphs[0]
    return "\n".join(paragraphs)


def raw_input(page: dict, mode: str, variant: int = 0, scatter: bool = False, glued_on: bool = False) -> dict:
    """The raw article handed to the cleaning stage for a page in one mode (inline_text's options)."""
    raw = {"url": page["url"], "source": page["publisher"]}
    if mode == "html":
        raw["html"] = page["html"]
    elif mode == "text":
        raw["text"] = "\n".join(page_lines(page["html"]))
    elif mode == "inline":
        raw["text"] = inline_text(page, variant, scatter, glued_on)
        raw["title"] = page_title(page["html"])
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return raw
