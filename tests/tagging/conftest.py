import hashlib
from pathlib import Path

import pytest

from worker.tagging import Tagger

REPO = Path(__file__).resolve().parents[2]
SAMPLE = "independent-rutte-nato.txt"
APPEAL_END = "Your support makes all the difference."


def sample_path() -> Path:
    local = REPO / "samples" / SAMPLE
    return local if local.exists() else REPO.parent / "shared" / "samples" / SAMPLE


def cleaned(title: str, standfirst: str, paragraphs: list[str], id_: str = "sample") -> dict:
    body = "\n\n".join(paragraphs)
    return {
        "schema": "cleaned-article.v1", "id": id_, "url": f"https://example.com/{id_}",
        "source": "example", "title": title, "standfirst": standfirst, "body": body,
        "paragraphs": paragraphs, "removed": [],
        "content_hash": "sha256:" + hashlib.sha256(body.encode()).hexdigest(),
        "provenance": {"pipeline_version": "test", "source_topic": "articles.cleaned",
                       "source_partition": 0, "source_offset": 0, "received_at": "2026-01-01T00:00:00Z"},
    }


@pytest.fixture(scope="session")
def make_article():
    """cleaned(title, standfirst, paragraphs, id_) -> a cleaned-article.v1 dict."""
    return cleaned


@pytest.fixture(scope="session")
def sample_article() -> dict:
    lines = [line for line in sample_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    title, standfirst = lines[0], lines[1]
    glued = next(i for i, line in enumerate(lines) if APPEAL_END in line)
    first = lines[glued].split(APPEAL_END, 1)[1].strip()
    paragraphs = [first] + lines[glued + 1:]
    return cleaned(title, standfirst, paragraphs)


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    return Tagger(duplicate_capacity=50)


@pytest.fixture(scope="session")
def sample_result(tagger, sample_article) -> dict:
    return Tagger.tag_many(tagger, [sample_article])[0]
