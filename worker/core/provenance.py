"""Provenance, written here and nowhere else: the pipeline version and where an article came from.

The pipeline version names everything that decides a stage's output: the package version, the NER
model, and a hash over every file of the stage packages (code, rules, gazetteers, models) and of the
pipeline seam. Editing any of them makes a new version, so outputs of old and new code can be told
apart after a replay.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from pathlib import Path

from worker import __version__
from worker.core.messages import (JOB_HEADER, SOURCE_OFFSET_HEADER, SOURCE_PARTITION_HEADER, SOURCE_TOPIC_HEADER,
                                  Origin, now_iso)

_ROOT = Path(__file__).resolve().parents[1]
STAGE_SOURCES = ("cleaning", "tagging", "core/pipeline.py")  # under worker/


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


@functools.cache
def stage_fingerprint(root: Path = _ROOT, sources: tuple[str, ...] = STAGE_SOURCES) -> str:
    """A short hash over the stage packages' files, names included."""
    digest = hashlib.sha256()
    for path in sorted(p for s in sources for p in _files(root / s)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@functools.cache
def model_version(name: str) -> str:
    """The installed version of a model package (or of a re-upload whose name starts with it);
    a packaged or path model is covered by the fingerprint instead."""
    wanted = name.replace("-", "_").lower()
    for dist in importlib.metadata.distributions():
        if (dist.metadata["Name"] or "").replace("-", "_").lower().startswith(wanted):
            return dist.version
    return "local"


def pipeline_version(model: str) -> str:
    label = Path(model).name if "/" in model else model
    return f"{__version__}+{label}-{model_version(model)}.stages-{stage_fingerprint()}"


def received(origin: Origin, version: str) -> dict:
    """Provenance of an article entering the pipeline: replayed records keep their first coordinates."""
    return {
        "pipeline_version": version,
        "source_topic": origin.header(SOURCE_TOPIC_HEADER) or origin.topic,
        "source_partition": int(origin.header(SOURCE_PARTITION_HEADER) or origin.partition),
        "source_offset": int(origin.header(SOURCE_OFFSET_HEADER) or origin.offset),
        "source_timestamp_ms": origin.timestamp_ms,
        "received_at": now_iso(),
        "replay_job": origin.header(JOB_HEADER),
        "stages": {},
    }


def cleaned(provenance: dict, note: dict | None = None) -> dict:
    out = {**provenance, "cleaned_at": now_iso()}
    return with_note(out, "clean", note) if note else out


def with_note(provenance: dict | None, stage: str, note: dict) -> dict:
    """A copy with a stage's note (e.g. a skipped model, a truncated input) added."""
    out = dict(provenance or {})
    out["stages"] = {**(out.get("stages") or {}), stage: note}
    return out


def processed(provenance: dict, version: str) -> dict:
    """Stamped when the last stage finishes; the version is that of the worker that finished it."""
    return {**provenance, "pipeline_version": version, "processed_at": now_iso()}
