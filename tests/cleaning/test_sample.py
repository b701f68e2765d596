"""The sample article: appeal out, glue split, headline, standfirst and all 21 body paragraphs kept."""

from worker.core import schemas
from worker.core.ids import content_hash

HEADLINE = "Britain backs outgoing Dutch premier Mark Rutte for Nato secretary-general"
STANDFIRST = "The alliance is looking for a replacement to succeed long-serving chief Jens Stoltenberg."
FIRST = "Britain has given outgoing Dutch Prime Minister Mark Rutte its backing to be the next Nato chief."


def _body_lines(text: str) -> list[str]:
    """The 21 body paragraphs as the file has them (line 7 carries the appeal's last sentence)."""
    lines = text.splitlines()
    assert lines[6].startswith("Your support makes all the difference.Britain")
    return [FIRST] + [line for line in lines[7:] if line.strip()]


def test_headline_and_standfirst(sample_article):
    assert sample_article["title"] == HEADLINE
    assert sample_article["standfirst"] == STANDFIRST


def test_all_21_body_paragraphs_kept_word_for_word(sample_article, sample_text):
    expected = _body_lines(sample_text)
    assert len(expected) == 21
    assert sample_article["paragraphs"] == expected
    assert sample_article["body"] == "\n\n".join(expected)
    assert sample_article["content_hash"] == content_hash(sample_article["body"])


def test_glued_sentence_survives_intact(sample_article):
    assert sample_article["paragraphs"][0] == FIRST
    assert "difference" not in sample_article["body"]


def test_appeal_gone_and_recorded(sample_article):
    body = sample_article["body"]
    for phrase in ("Your support", "donation", "paywalls", "The A Word", "parse out the facts"):
        assert phrase not in body
    removed = sample_article["removed"]
    assert {r["kind"] for r in removed} == {"appeal"}
    excerpts = [r["excerpt"] for r in removed]
    assert excerpts[0] == "Your support helps us to tell the story"
    assert excerpts[-1] == "Your support makes all the difference."
    assert len(removed) == 5
    assert all(len(r["excerpt"]) <= 120 and r["chars"] >= len(r["excerpt"].rstrip("…")) for r in removed)


def test_valid_cleaned_message(sample_article):
    message = {"schema": "cleaned-article.v1", "id": "a1", **sample_article,
               "provenance": {"pipeline_version": "t", "source_topic": "articles.raw", "source_partition": 0,
                              "source_offset": 0, "received_at": "2024-01-01T00:00:00Z"}}
    assert schemas.errors("cleaned-article.v1", message) == []
