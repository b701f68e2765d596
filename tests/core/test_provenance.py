"""The pipeline version follows the stages' code and data: editing any stage file changes it."""

import shutil
from pathlib import Path

import pytest

from worker.core import provenance

WORKER = Path(provenance.__file__).resolve().parents[1]


@pytest.fixture
def tree(tmp_path):
    """A copy of the files the fingerprint covers."""
    for source in provenance.STAGE_SOURCES:
        src, dst = WORKER / source, tmp_path / source
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    return tmp_path


def fingerprint(root: Path) -> str:
    provenance.stage_fingerprint.cache_clear()
    return provenance.stage_fingerprint(root, provenance.STAGE_SOURCES)


@pytest.mark.parametrize("edited", ["cleaning/__init__.py", "tagging/data/topics.json", "core/pipeline.py"])
def test_editing_a_stage_file_changes_the_fingerprint(tree, edited):
    before = fingerprint(tree)
    assert fingerprint(tree) == before  # stable while nothing changes
    path = tree / edited
    path.write_bytes(path.read_bytes() + b"\n")
    assert fingerprint(tree) != before


def test_adding_or_renaming_a_stage_file_changes_the_fingerprint(tree):
    before = fingerprint(tree)
    (tree / "tagging" / "data" / "extra.tsv").write_text("x\n")
    added = fingerprint(tree)
    assert added != before
    (tree / "tagging" / "data" / "extra.tsv").rename(tree / "tagging" / "data" / "other.tsv")
    assert fingerprint(tree) not in (before, added)


def test_the_checkout_fingerprint_is_the_one_in_the_pipeline_version():
    assert provenance.pipeline_version("news_ner").endswith(".stages-" + fingerprint(WORKER))
