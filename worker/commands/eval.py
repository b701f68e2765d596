"""`newsworker eval NAME [ARGS]`: score a stage on labelled development data, by running
`worker.evaluation.NAME.main(ARGS)`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil

from worker.commands import UsageError

try:
    from worker import evaluation
except ImportError:  # an installed wheel: the evaluations live in the checkout only
    evaluation = None


def _names() -> list[str]:
    if evaluation is None:
        return []
    return sorted(m.name for m in pkgutil.iter_modules(evaluation.__path__) if not m.name.startswith("_"))


def configure(parser: argparse.ArgumentParser) -> None:
    if evaluation is None:
        raise UsageError("the evaluations run from a checkout of the repository (they read ../shared): "
                         "make install, then .venv/bin/newsworker eval")
    parser.add_argument("name", choices=_names(), help="what to evaluate")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments of that evaluation (see its --help)")


def main(args: argparse.Namespace) -> int:
    return importlib.import_module(f"{evaluation.__name__}.{args.name}").main(args.args) or 0
