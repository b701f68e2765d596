"""Evaluation commands: score the pipeline's stages on labelled development data.

`newsworker eval NAME [ARGS]` runs `worker.evaluation.NAME.main(ARGS)`.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil


def _names() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", choices=_names(), help="what to evaluate")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments of that evaluation (see its --help)")


def main(args: argparse.Namespace) -> int:
    return importlib.import_module(f"{__name__}.{args.name}").main(args.args) or 0
