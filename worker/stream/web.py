"""The web pages: /metrics, /healthz (alive, with counters) and /readyz (ready for traffic)."""

from __future__ import annotations

from typing import Callable

import faust

from worker.stream.metrics import Metrics


def register_pages(app: faust.App, metrics: Metrics, readiness: Callable[[], tuple[bool, str]]) -> None:
    # Faust calls a page function as fun(view, request), so these are closures.
    @app.page("/metrics")
    async def metrics_page(web, request):
        return web.bytes(metrics.exposition(), content_type="text/plain; version=0.0.4")

    @app.page("/healthz")
    async def healthz(web, request):
        return web.json({"status": "ok", "processed": metrics.processed_counts()})

    @app.page("/readyz")
    async def readyz(web, request):
        ready, why = readiness()
        return web.json({"ready": ready, "reason": why}, status=200 if ready else 503)
