"""`newsworker enrich`: the pipeline offline, one output line per input, in order, a summary on stderr."""

import io
import subprocess
import sys

import orjson
import pytest

from tests.kafka import REPO
from worker import cli, tagging
from worker.core import schemas
from worker.core.settings import from_env

SAMPLE = REPO / "samples" / "independent-rutte-nato.txt"


def article(n: int, **fields) -> bytes:
    return orjson.dumps({"id": f"a{n}", "url": f"https://e.com/{n}",
                         "text": f"Headline {n}\nA standfirst.\nMinisters met in Paris on day {n}.", **fields})


@pytest.fixture(scope="module")
def tagger():
    return tagging.load(from_env().spacy_model)


@pytest.fixture
def enrich(tagger, monkeypatch, capsysbinary):
    """Run `newsworker enrich ARGS` in this process (the model loaded once): (status, lines, stderr)."""
    monkeypatch.setattr(tagging, "load", lambda name: tagger)

    def run(*args: str, stdin: bytes = b""):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        status = cli.main(["enrich", *args])
        out, err = capsysbinary.readouterr()
        return status, [orjson.loads(line) for line in out.splitlines()], err.decode()
    return run


def test_the_sample_gives_one_schema_valid_enriched_line_from_the_command():
    result = subprocess.run([sys.executable, "-m", "worker", "enrich", str(SAMPLE)], cwd=REPO,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    [line] = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert schemas.errors("enriched-article.v1", line) == []
    assert line["title"] == "Britain backs outgoing Dutch premier Mark Rutte for Nato secretary-general"
    assert result.stderr.decode().splitlines()[-1] == "enrich: read 1, enriched 1, dead letters 0"


def test_bad_lines_give_dead_letter_lines_in_order_and_a_summary(enrich):
    status, out, err = enrich("-", stdin=b"\n".join([article(1), b"{broken", article(3)]))
    assert status == 0
    assert [o["schema"] for o in out] == ["enriched-article.v1", "dead-letter.v1", "enriched-article.v1"]
    assert [out[0]["id"], out[2]["id"]] == ["a1", "a3"]
    assert out[1]["error"]["reason"] == "invalid_json" and out[1]["source"]["offset"] == 2
    assert err.strip() == "enrich: read 3, enriched 2, dead letters 1 (invalid_json 1)"


def test_dead_letters_go_to_their_file_and_strict_fails(enrich, tmp_path):
    dead = tmp_path / "dead.jsonl"
    lines = b"\n".join([article(1), b"[1]", b"{broken"])
    status, out, _ = enrich("-", "--dead-letters", str(dead), "--strict", stdin=lines)
    assert status == cli.EXIT_USAGE
    assert [o["id"] for o in out] == ["a1"]
    assert [orjson.loads(line)["error"]["reason"] for line in dead.read_bytes().splitlines()] == \
        ["not_an_object", "invalid_json"]
    assert enrich("-", "--strict", stdin=article(1))[0] == 0


def test_a_text_file_that_is_not_utf8_is_a_dead_letter_not_a_repair(enrich, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Headline\nA standfirst \xff\xfe here.\nBody text.")
    status, [letter], err = enrich(str(bad))
    assert letter["error"]["reason"] == "not_utf8"
    assert "not_utf8 1" in err


def test_text_files_with_one_name_in_two_folders_get_two_ids(enrich, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text("Headline\nA standfirst.\nMinisters met in Paris.")
    _, out, _ = enrich(str(tmp_path / "a" / "same.txt"), str(tmp_path / "b" / "same.txt"))
    assert out[0]["id"] != out[1]["id"]
    assert out[0]["url"] == (tmp_path / "a" / "same.txt").as_uri()


def test_timestamps_come_out_in_utc_and_unparseable_ones_are_kept_and_reported(enrich):
    lines = article(1, published_at="Tue, 20 Nov 2026 10:30:00 +0100", fetched_at="last tuesday")
    status, [out], err = enrich("-", stdin=lines)
    assert status == 0 and out["schema"] == "enriched-article.v1"
    assert out["published_at"] == "2026-11-20T09:30:00Z"
    assert out["fetched_at"] is None and out["metadata"]["unparsed_timestamps"] == {"fetched_at": "last tuesday"}
    assert "1 unparseable timestamps kept in metadata.unparsed_timestamps" in err


def test_a_missing_file_or_a_folder_is_one_line_and_status_1(enrich, tmp_path):
    missing = tmp_path / "missing.jsonl"
    assert enrich(str(missing)) == (1, [], f"newsworker: no such file: {missing}\n")
    assert enrich(str(tmp_path)) == \
        (1, [], f"newsworker: {tmp_path} is a folder; name the files in it (e.g. {tmp_path}/*.txt)\n")
