"""`newsworker run`: the worker, against the Kafka cluster in the settings."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Callable

import faust

from worker import settings as settings_module
from worker.app import Wiring, create_app
from worker.settings import Settings
from worker.topics import create_topics


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-create-topics", action="store_true",
                        help="do not create missing topics at start (when the cluster forbids it)")


def main(args: argparse.Namespace) -> int:
    settings = settings_module.from_env()
    if not args.no_create_topics:
        asyncio.run(create_topics(settings))
    run_worker(settings)
    return 0


def run_worker(settings: Settings, extend: Callable[[Wiring], None] | None = None,
               quiet: bool = False, tagger=None) -> None:
    """Run until SIGTERM/SIGINT; Faust then stops fetching, waits for in-flight events to be acked,
    flushes the producer and commits."""
    wiring = create_app(settings, tagger)
    if extend:
        extend(wiring)
    worker = faust.Worker(wiring.app, loglevel=settings.log_level, quiet=quiet, redirect_stdouts=False)
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    logging.getLogger(__name__).info("worker stopped")
