"""The import rule that keeps the architecture: the pure parts (core, cleaning, tagging) import
nothing from the stream runtime, the Kafka clients or the commands, nor any Kafka or Faust library."""

import ast
from pathlib import Path

import pytest

WORKER = Path(__file__).resolve().parents[1] / "worker"
PURE = ("core", "cleaning", "tagging")
FORBIDDEN = ("worker.stream", "worker.kafka", "worker.commands", "worker.cli", "aiokafka", "faust", "kafka")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def breaks_rule(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_import_no_runtime_kafka_or_commands(package):
    offenders = {f"{path.relative_to(WORKER)}: {module}"
                 for path in (WORKER / package).rglob("*.py")
                 for module in imported_modules(path) if breaks_rule(module)}
    assert offenders == set()


def test_the_rule_catches_an_offending_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from worker.stream.app import build\nimport aiokafka\n")
    assert {m for m in imported_modules(module) if breaks_rule(m)} == {
        "worker.stream.app", "worker.stream.app.build", "aiokafka"}


def test_the_worker_process_leaves_the_stage_libraries_to_its_stage_processes():
    """The NER, language and extraction libraries cost ~100 MB; only stage processes load them."""
    import subprocess
    import sys

    heavy = ("spacy", "lingua", "trafilatura", "sklearn", "worker.core.pipeline")
    code = ("import sys, worker.cli, worker.commands.run, worker.stream.worker; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parent.parent).stdout.strip()
    assert loaded == ""
