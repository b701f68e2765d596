"""`newsworker run`: the worker, against the Kafka cluster in the settings."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import threading
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
    worker = _Worker(wiring.app, loglevel=settings.log_level, quiet=quiet, redirect_stdouts=False)
    worker.drain_seconds = settings.shutdown_timeout
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    logging.getLogger(__name__).info("worker stopped")


class _Worker(faust.Worker):
    """Faust's worker with a hard deadline on the drain after SIGTERM/SIGINT.

    Exiting without a final commit is safe: uncommitted messages are delivered again."""

    drain_seconds = 30.0

    def _schedule_shutdown(self, signum: signal.Signals) -> None:
        if not self._signal_stop_time:
            deadline = threading.Timer(self.drain_seconds, self._give_up)
            deadline.daemon = True
            deadline.start()
        super()._schedule_shutdown(signum)

    def _give_up(self) -> None:
        logging.getLogger(__name__).error("drain took over %.0fs; exiting without it", self.drain_seconds)
        os._exit(70)
