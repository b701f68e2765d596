"""Shared bits of the evaluation commands: where the development data lives, JSON output."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_data(relative: str) -> Path:
    return REPO_ROOT.parent / "shared" / "eval" / relative


def parser(name: str, description: str, data: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"newsworker eval {name}", description=description)
    p.add_argument("--data", type=Path, default=default_data(data), help=f"default: ../shared/eval/{data}")
    p.add_argument("--model", default="news_ner", help="spaCy model: news_ner (shipped), a package name or a path")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    return p


def prf(true_positive: int, predicted: int, gold: int) -> dict:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "true_positive": true_positive, "predicted": predicted, "gold": gold}


def emit(result: dict, as_json: bool, lines: list[str]) -> None:
    print(json.dumps(result, indent=2) if as_json else "\n".join(lines))
