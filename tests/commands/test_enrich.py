"""`newsworker enrich`: the pipeline offline, one output line per input, in order."""

import subprocess
import sys

import orjson

from tests.kafka import REPO
from worker.core import schemas


def enrich(*args: str, stdin: bytes = b"") -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "worker", "enrich", *args], cwd=REPO, input=stdin,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return [orjson.loads(line) for line in result.stdout.splitlines()]


def test_the_sample_gives_one_schema_valid_enriched_line():
    [article] = enrich("samples/independent-rutte-nato.txt")
    assert schemas.errors("enriched-article.v1", article) == []
    assert article["title"] == "Britain backs outgoing Dutch premier Mark Rutte for Nato secretary-general"


def test_bad_lines_give_dead_letter_lines_in_order():
    lines = b"\n".join([
        orjson.dumps({"id": "one", "url": "https://e.com/1", "text": "T1\nS1\nBody one."}),
        b"{broken",
        orjson.dumps({"id": "three", "url": "https://e.com/3", "text": "T3\nS3\nBody three."}),
    ])
    out = enrich("-", stdin=lines)
    assert [o["schema"] for o in out] == ["enriched-article.v1", "dead-letter.v1", "enriched-article.v1"]
    assert [out[0]["id"], out[2]["id"]] == ["one", "three"]
    assert out[1]["error"]["reason"] == "invalid_json" and out[1]["source"]["offset"] == 2
