"""Entity evaluation on CoNLL-2003 English dev (IOB1): precision / recall / F1 per type at exact
token-span match, for the raw spaCy model and for the whole tagging stage, in the same run.

Each document's sentences become one body (tokens joined by spaces, one sentence a paragraph);
CoNLL documents have no title or standfirst. MISC is not scored; demonym mentions ("Dutch") are
left out of the stage's predictions since CoNLL labels them MISC."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from worker.evaluation._common import emit, parser, prf
from worker.tagging import Tagger

TYPES = ("PER", "ORG", "LOC")
SCORED = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def read_documents(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, IOB1 tag)."""
    documents, sentence = [[]], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("-DOCSTART-"):
            documents.append([])
        elif not line.strip():
            if sentence:
                documents[-1].append(sentence)
            sentence = []
        else:
            parts = line.split()
            sentence.append((parts[0], parts[-1]))
    return [d for d in documents if d]


class Layout:
    """A document's text with the character offsets of every token."""

    def __init__(self, sentences: list[list[tuple[str, str]]]):
        self.starts, self.ends, self.tags, lines, offset = [], [], [], [], 0
        for sentence in sentences:
            tokens = [token for token, _ in sentence]
            for token, tag in sentence:
                self.starts.append(offset)
                self.ends.append(offset + len(token))
                self.tags.append(tag)
                offset += len(token) + 1
            lines.append(" ".join(tokens))
            offset += 1  # the second newline between paragraphs
        self.text = "\n\n".join(lines)

    def token_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Tokens overlapping the character span [start, end)."""
        inside = [i for i, (s, e) in enumerate(zip(self.starts, self.ends)) if s < end and start < e]
        return (inside[0], inside[-1] + 1) if inside else None

    def gold(self) -> set[tuple[int, int, str]]:
        spans, current = [], None
        for i, tag in enumerate(self.tags + ["O"]):
            kind = tag[2:] if tag != "O" else None
            if current and (kind != current[2] or tag.startswith("B-")):
                spans.append((current[0], i, current[2]))
                current = None
            if kind and current is None:
                current = (i, None, kind)
        return {s for s in spans if s[2] in TYPES}

    def predicted(self, char_spans) -> set[tuple[int, int, str]]:
        found = set()
        for start, end, label in char_spans:
            tokens = self.token_span(start, end)
            if tokens and label in SCORED:
                found.add((*tokens, SCORED[label]))
        return found


def _article(index: int, text: str) -> dict:
    return {"schema": "cleaned-article.v1", "id": f"conll-{index}", "url": "", "title": "", "standfirst": "",
            "body": text, "paragraphs": text.split("\n\n"), "removed": [],
            "content_hash": "sha256:" + hashlib.sha256(text.encode()).hexdigest(),
            "provenance": {"pipeline_version": "eval", "source_topic": "eval", "source_partition": 0,
                           "source_offset": index, "received_at": ""}}


def stage_spans(enriched: dict):
    for entity in enriched["entities"]:
        for m in entity["mentions"]:
            if "field" not in m and m.get("form") != "demonym":
                yield m["start"], m["end"], entity["type"]


def score(counts: dict[str, Counter]) -> dict:
    result = {t: prf(counts[t]["tp"], counts[t]["pred"], counts[t]["gold"]) for t in TYPES}
    total = Counter()
    for t in TYPES:
        total.update(counts[t])
    result["overall"] = prf(total["tp"], total["pred"], total["gold"])
    return result


def _count(counts: dict[str, Counter], gold: set, predicted: set) -> None:
    for t in TYPES:
        g = {s for s in gold if s[2] == t}
        p = {s for s in predicted if s[2] == t}
        counts[t].update(tp=len(g & p), pred=len(p), gold=len(g))


def evaluate(data: Path, model: str) -> dict:
    layouts = [Layout(d) for d in read_documents(data)]
    tagger = Tagger(model, duplicate_capacity=1)
    raw = {t: Counter() for t in TYPES}
    stage = {t: Counter() for t in TYPES}
    texts = [layout.text for layout in layouts]
    docs = tagger.nlp.pipe(texts, batch_size=32)
    for i, (layout, doc) in enumerate(zip(layouts, docs)):
        gold = layout.gold()
        _count(raw, gold, layout.predicted((e.start_char, e.end_char, e.label_) for e in doc.ents))
        enriched = tagger.tag_many([_article(i, layout.text)])[0]
        _count(stage, gold, layout.predicted(stage_spans(enriched)))
    return {"documents": len(layouts), "model": model, "raw_model": score(raw), "stage": score(stage)}


def main(argv: list[str]) -> int:
    args = parser("entities", "Entity P/R/F1 on CoNLL-2003 dev: raw spaCy model vs the tagging stage.",
                  "ner-conll2003/eng.testa").parse_args(argv)
    result = evaluate(args.data, args.model)
    lines = [f"CoNLL-2003 dev, {result['documents']} documents, exact token span; model {result['model']}",
             f"{'type':8} {'raw P':>7} {'raw R':>7} {'raw F1':>7}   {'stage P':>7} {'stage R':>7} {'stage F1':>8}"]
    for t in (*TYPES, "overall"):
        r, s = result["raw_model"][t], result["stage"][t]
        lines.append(f"{t:8} {r['precision']:7.3f} {r['recall']:7.3f} {r['f1']:7.3f}   "
                     f"{s['precision']:7.3f} {s['recall']:7.3f} {s['f1']:8.3f}")
    emit(result, args.json, lines)
    return 0
