"""Agreement of the tagging stage with a baseline model against the stage with the pipeline's
model, on recent articles (../shared/train/fundus-parser): the held-out ones (never trained on)
and the ones whose silver annotations were trained on, separately.

    .venv/bin/python bench/ner/agreement.py [--model news_ner] [--baseline en_core_web_sm] [--results FILE]
    .venv/bin/python bench/ner/agreement.py --model NEW_MODEL_DIR --baseline news_ner --results /tmp/x.json \
        --differences 30      (before shipping a retrained model: what it finds or loses, entity by entity)

Counts entities (canonical name and type), and body mentions (offsets and type), with the
baseline's as reference; PER/ORG/LOC maps types as the entity evaluation does. Results go to
bench/results/ner-agreement.json."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from thinc.api import Config  # noqa: E402

from worker.evaluation._common import prf  # noqa: E402
from worker.evaluation.entities import SCORED  # noqa: E402
from worker.tagging import Tagger, ner  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results" / "ner-agreement.json"


def articles(ground_truth: Path) -> list[dict]:
    data = json.loads(ground_truth.read_text(encoding="utf-8"))
    out = []
    for name in sorted(data):
        paragraphs = list(data[name].get("body") or [])
        body = "\n\n".join(paragraphs)
        out.append({"schema": "cleaned-article.v1", "id": name, "url": "", "title": data[name].get("title") or "",
                    "standfirst": "\n\n".join(data[name].get("summary") or []), "body": body,
                    "paragraphs": paragraphs, "removed": [],
                    "content_hash": "sha256:" + hashlib.sha256(body.encode()).hexdigest(), "provenance": {}})
    return out


def entity_keys(enriched: dict, coarse: bool) -> set:
    if coarse:
        return {(e["name"], SCORED[e["type"]]) for e in enriched["entities"] if e["type"] in SCORED}
    return {(e["name"], e["type"]) for e in enriched["entities"]}


def mention_keys(enriched: dict, coarse: bool) -> set:
    return {(m["start"], m["end"], SCORED[e["type"]] if coarse else e["type"])
            for e in enriched["entities"] for m in e["mentions"]
            if "field" not in m and (not coarse or e["type"] in SCORED)}


def agreement(ours: list[dict], theirs: list[dict], keys, coarse: bool) -> dict:
    tp = pred = ref = 0
    for a, b in zip(ours, theirs):
        mine, other = keys(a, coarse), keys(b, coarse)
        tp, pred, ref = tp + len(mine & other), pred + len(mine), ref + len(other)
    return prf(tp, pred, ref)


def compare(ours: list[dict], theirs: list[dict]) -> dict:
    return {f"{name}_{kind}": agreement(ours, theirs, keys, coarse)["f1"]
            for name, keys in (("entities", entity_keys), ("mentions", mention_keys))
            for kind, coarse in (("all_types", False), ("per_org_loc", True))}


def differences(ours: list[dict], theirs: list[dict]) -> list[tuple[int, str]]:
    """(mentions, line) for each entity (name and type) that one side finds in an article and the
    other does not: a retrained model's gains and losses, one by one, where the scores average them."""
    found = []
    for a, b in zip(ours, theirs):
        mine = {(e["name"], e["type"]): e["count"] for e in a["entities"]}
        other = {(e["name"], e["type"]): e["count"] for e in b["entities"]}
        for key in mine.keys() ^ other.keys():
            side, count = ("model only", mine[key]) if key in mine else ("baseline only", other[key])
            found.append((count, f"{a['id']}: {side}: {key[0]} ({key[1]}, {count} mentions)"))
    return sorted(found, key=lambda x: (-x[0], x[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=ner.PACKAGED)
    parser.add_argument("--baseline", default="en_core_web_sm")
    parser.add_argument("--config", type=Path, default=Path(__file__).with_name("ner.cfg"))
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--differences", type=int, default=0, metavar="N",
                        help="also list the N entities found by one side only with the most mentions")
    args = parser.parse_args(argv)
    config = Config().from_disk(args.config)
    items = articles(REPO / config["paths"]["fundus"])
    seen, held = corpus.split_silver(items, config["training"]["silver_holdout_every"])
    result = {"model": args.model, "baseline": args.baseline}
    tagged = {}
    for side, name in (("model", args.model), ("baseline", args.baseline)):
        tagger = Tagger(name, duplicate_capacity=1)
        tagged[side] = {split: [tagger.tag_many([a])[0] for a in group]
                        for split, group in (("held_out", held), ("trained_on", seen))}
    for split, group in (("held_out", held), ("trained_on", seen)):
        result[split] = {"articles": len(group), **compare(tagged["model"][split], tagged["baseline"][split])}
    args.results.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if args.differences:
        model, baseline = ([a for split in ("held_out", "trained_on") for a in tagged[side][split]]
                           for side in ("model", "baseline"))
        for _, line in differences(model, baseline)[:args.differences]:
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
