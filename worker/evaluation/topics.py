"""Topic evaluation: top-1 IPTC top-level topic on the BBC development set (5 classes)."""

from __future__ import annotations

from pathlib import Path

from worker.evaluation._common import emit, parser
from worker.tagging.topics import TopicClassifier

EXPECTED = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "politics": "medtop:11000000",
    "sport": "medtop:15000000",
    "tech": "medtop:13000000",
}


def read_article(path: Path) -> dict:
    title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
    return {"title": title.strip(), "standfirst": "", "body": body.strip()}


def top_level(topics: list[dict], parents: dict[str, str | None]) -> str | None:
    for topic in topics:
        if parents.get(topic["code"]) is None:
            return topic["code"]
    return None


def evaluate(data: Path) -> dict:
    classifier = TopicClassifier()
    parents = {t.code: t.parent for t in classifier.topics}
    per_class, errors = {}, []
    for label, expected in EXPECTED.items():
        files = sorted((data / label).glob("*.txt"))
        right = 0
        for path in files:
            got = top_level(classifier.classify(read_article(path)), parents)
            right += got == expected
            if got != expected:
                errors.append(f"{label}/{path.name}: got {got}")
        per_class[label] = {"correct": right, "total": len(files)}
    correct = sum(c["correct"] for c in per_class.values())
    total = sum(c["total"] for c in per_class.values())
    return {"accuracy": round(correct / total, 4) if total else 0.0, "articles": total,
            "per_class": per_class, "errors": errors}


def main(argv: list[str]) -> int:
    args = parser("topics", "Top-1 IPTC topic accuracy on topics-bbc.", "topics-bbc").parse_args(argv)
    result = evaluate(args.data)
    lines = [f"topics-bbc: top-1 accuracy {result['accuracy']:.3f} on {result['articles']} articles"]
    lines += [f"  {k}: {v['correct']}/{v['total']}" for k, v in result["per_class"].items()]
    lines += [f"  miss {e}" for e in result["errors"]]
    emit(result, args.json, lines)
    return 0
