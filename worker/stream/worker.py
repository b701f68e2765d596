"""Running the worker until SIGTERM/SIGINT, with a deadline on the drain."""

from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Callable

import faust

from worker.core.settings import Settings
from worker.kafka import redaction
from worker.stream.app import build

log = logging.getLogger(__name__)


def run_worker(settings: Settings, extend: Callable[[faust.App], None] | None = None,
               quiet: bool = False, stages=None) -> None:
    """Run until SIGTERM/SIGINT; Faust then stops fetching, waits for in-flight events to be acked,
    flushes the producer and commits."""
    redaction.install()
    service = build(settings, stages)
    if extend:
        extend(service.app)
    worker = _Worker(service.app, loglevel=settings.log_level, quiet=quiet, redirect_stdouts=False)
    worker.drain_seconds = settings.shutdown_timeout
    if not worker.stdout.isatty():  # Faust's spinner writes cursor codes even into a pipe or a file
        worker.spinner = None
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    finally:
        service.stages.close()
    log.info("worker stopped")


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
        log.error("drain took over %.0fs; exiting without it", self.drain_seconds)
        os._exit(70)
