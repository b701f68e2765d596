"""The built wheel works outside the checkout: schemas and the stages' models ship inside it.

The wheel is built from a copy of the sources and installed without its dependencies into a fresh
virtual environment that borrows them from the project's .venv through a .pth file, so nothing is
downloaded; `newsworker enrich` then runs from a folder outside the checkout.
"""

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import orjson
import pytest

from worker.core import schemas

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "independent-rutte-nato.txt"
SHIPPED_DATA = ("worker/cleaning/model", "worker/tagging/model", "worker/tagging/data")


def run(*args, **options) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=240, **options)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "schemas", source / "schemas")
    shutil.copytree(REPO / "worker", source / "worker", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", dist, source)
    [built] = dist.glob("newsworker-*.whl")
    return built


def test_the_wheel_holds_the_schemas_and_every_model_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"worker/schemas/{name}.json" for name in schemas.NAMES} <= names
    shipped = {p.relative_to(REPO).as_posix() for folder in SHIPPED_DATA for p in (REPO / folder).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped and not shipped - names, sorted(shipped - names)
    assert not [n for n in names if n.startswith("worker/evaluation/")]  # development tooling stays out


def test_enrich_runs_from_the_installed_wheel_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    site = Path(run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    (site / "project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps",
        "--no-index", wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SAMPLE, elsewhere / SAMPLE.name)
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    where = run(venv / "bin" / "python", "-c", "import worker; print(worker.__file__)", cwd=elsewhere, env=env)
    assert where.stdout.startswith(str(site)), where.stdout
    result = run(venv / "bin" / "newsworker", "enrich", SAMPLE.name, cwd=elsewhere, env=env)
    [line] = result.stdout.splitlines()
    article = orjson.loads(line)
    assert schemas.errors("enriched-article.v1", article) == []
    assert article["title"].startswith("Britain backs outgoing Dutch premier Mark Rutte")
