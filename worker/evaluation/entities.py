"""Entity evaluation on CoNLL-2003 English dev (IOB1): precision / recall / F1 per type at exact
token-span match, in the same run for a baseline spaCy model alone (en_core_web_sm), the
pipeline's model alone and the whole tagging stage on top of it.

Each document's sentences become one body (tokens joined by spaces, one sentence a paragraph);
CoNLL documents have no title or standfirst. MISC is not scored; demonym mentions ("Dutch") are
left out of the stage's predictions since CoNLL labels them MISC."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from worker.evaluation._common import emit, parser, prf
from worker.tagging import Tagger, ner

TYPES = ("PER", "ORG", "LOC")
BASELINE = "en_core_web_sm"
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


def iob1_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(first token, end token, type) of each IOB1 entity."""
    spans, current = [], None
    for i, tag in enumerate(tags + ["O"]):
        kind = tag[2:] if tag != "O" else None
        if current and (kind != current[2] or tag.startswith("B-")):
            spans.append((current[0], i, current[2]))
            current = None
        if kind and current is None:
            current = (i, None, kind)
    return spans


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
        return {s for s in iob1_spans(self.tags) if s[2] in TYPES}

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


def model_scores(nlp, layouts: list[Layout]) -> dict:
    """Scores of a spaCy pipeline's own entities (no tagging stage on top)."""
    counts = {t: Counter() for t in TYPES}
    for layout, doc in zip(layouts, nlp.pipe([layout.text for layout in layouts], batch_size=32)):
        _count(counts, layout.gold(), layout.predicted((e.start_char, e.end_char, e.label_) for e in doc.ents))
    return score(counts)


def stage_scores(tagger: Tagger, layouts: list[Layout]) -> dict:
    """Scores of the whole tagging stage (model, gazetteer, names, propagation)."""
    counts = {t: Counter() for t in TYPES}
    for i, layout in enumerate(layouts):
        enriched = tagger.tag_many([_article(i, layout.text)])[0]
        _count(counts, layout.gold(), layout.predicted(stage_spans(enriched)))
    return score(counts)


def evaluate(data: Path, model: str | None, baseline: str | None = BASELINE) -> dict:
    layouts = [Layout(d) for d in read_documents(data)]
    tagger = Tagger(model, duplicate_capacity=1) if model else Tagger(duplicate_capacity=1)
    result = {"documents": len(layouts), "model": tagger.model_name,
              "raw_model": model_scores(tagger.nlp, layouts), "stage": stage_scores(tagger, layouts)}
    if baseline:
        result["baseline"] = baseline
        result["raw_baseline"] = model_scores(ner.load_model(baseline), layouts)
    return result


def table(result: dict) -> list[str]:
    columns = [("raw_baseline", "baseline"), ("raw_model", "model"), ("stage", "stage")]
    columns = [(key, name) for key, name in columns if key in result]
    lines = [f"CoNLL-2003 dev, {result['documents']} documents, exact token span; model {result['model']}"
             + (f"; baseline {result['baseline']}" if "baseline" in result else ""),
             f"{'type':8} " + "   ".join(f"{name + ' P':>11} {name + ' R':>11} {name + ' F1':>11}"
                                         for _, name in columns)]
    for t in (*TYPES, "overall"):
        cells = [result[key][t] for key, _ in columns]
        lines.append(f"{t:8} " + "   ".join(f"{c['precision']:11.3f} {c['recall']:11.3f} {c['f1']:11.3f}"
                                            for c in cells))
    return lines


def main(argv: list[str]) -> int:
    p = parser("entities", "Entity P/R/F1 on CoNLL-2003 dev: the raw baseline model, the pipeline's "
               "model and the whole tagging stage, in the same run.", "ner-conll2003/eng.testa")
    p.set_defaults(model=None)
    p.add_argument("--baseline", default=BASELINE, help="raw model to score beside (\"\" for none)")
    args = p.parse_args(argv)
    result = evaluate(args.data, args.model, args.baseline or None)
    emit(result, args.json, table(result))
    return 0
