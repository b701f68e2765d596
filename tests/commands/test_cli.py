"""The small commands against the real broker: topics and produce."""

import subprocess
import sys

import orjson
import pytest

from tests.kafka import REPO, at_least, env_of, read, unique_settings
from worker.core.ids import article_id

pytestmark = pytest.mark.integration


def newsworker(settings, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "worker", *args], cwd=REPO, capture_output=True, text=True,
                            env={**env_of(settings), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_topics_create_then_list(broker):
    settings = unique_settings(broker.bootstrap)
    out = newsworker(settings, "topics", "create", "--partitions", "3")
    assert "created: " + settings.topics.raw in out
    listed = {line.split()[0]: line for line in newsworker(settings, "topics", "list").splitlines()}
    assert set(listed) == set(settings.topics.all())
    assert "partitions=3" in listed[settings.topics.raw]
    assert "cleanup.policy=compact" in listed[settings.topics.enriched]
    assert "created: nothing" in newsworker(settings, "topics", "create")


def test_produce_text_files_and_json_lines(broker, tmp_path):
    settings = unique_settings(broker.bootstrap)
    newsworker(settings, "topics", "create")
    lines = tmp_path / "articles.jsonl"
    lines.write_bytes(b'{"id": "j1", "url": "https://e.com/1", "text": "a"}\n\n{"url": "https://e.com/2", "text": "b"}\n')
    out = newsworker(settings, "produce", str(REPO / "samples" / "independent-rutte-nato.txt"), str(lines))
    assert f"sent 3 messages to {settings.topics.raw}" in out
    records = read(broker.bootstrap, settings.topics.raw, until=at_least(3), timeout=20)
    by_key = {r.key.decode(): orjson.loads(r.value) for r in records}
    assert by_key["j1"]["text"] == "a"
    assert article_id({"url": "https://e.com/2"}) in by_key
    sample = by_key[article_id({"url": (REPO / "samples" / "independent-rutte-nato.txt").resolve().as_uri()})]
    assert sample["text"].startswith("Britain backs outgoing Dutch premier Mark Rutte")
