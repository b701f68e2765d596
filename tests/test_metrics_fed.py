"""Every metric the worker defines is fed somewhere in its code: a metric nobody updates would sit
at 0 forever and make a dashboard panel or an alert look healthy."""

import ast
from pathlib import Path

from prometheus_client.metrics import MetricWrapperBase

from worker.stream.metrics import Metrics

WORKER = Path(__file__).resolve().parents[1] / "worker"
FEEDS = {"inc", "dec", "set", "observe", "time", "track_inprogress", "info", "state", "set_function"}


def defined() -> set[str]:
    """Attribute names of the metrics a Metrics object holds."""
    return {name for name, value in vars(Metrics("v")).items() if isinstance(value, MetricWrapperBase)}


def _metric_name(node: ast.expr) -> str | None:
    """`x.NAME` or `x.NAME.labels(...)` -> NAME."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "labels":
        node = node.func.value
    return node.attr if isinstance(node, ast.Attribute) else None


def fed() -> set[str]:
    """Names used as `NAME.inc(...)`, `NAME.labels(...).observe(...)`, or passed on as `NAME.inc`."""
    found = set()
    for path in WORKER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in FEEDS:
                found.add(_metric_name(node.value))
    return found


def test_every_metric_is_fed():
    metrics = defined()
    assert {"dead_letters", "publish_retries", "stage_seconds"} <= metrics
    assert not metrics - fed(), f"defined but never fed: {sorted(metrics - fed())}"


def test_the_check_sees_a_metric_that_is_never_fed(monkeypatch):
    from prometheus_client import Counter

    original = Metrics.__init__

    def with_an_unfed_metric(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.forgotten = Counter("newsworker_forgotten_total", "never fed", registry=self.registry)

    monkeypatch.setattr(Metrics, "__init__", with_an_unfed_metric)
    assert defined() - fed() == {"forgotten"}
