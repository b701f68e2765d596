"""Timestamps: ISO 8601 and RFC 2822 in, ISO 8601 UTC out; anything else kept in metadata, never lost."""

import re

import orjson
import pytest

from worker.core import pipeline, schemas, timestamps
from worker.core.messages import Origin
from worker.core.settings import Settings

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.mark.parametrize("text, expected", [
    ("Tue, 20 Nov 2026 09:30:00 GMT", "2026-11-20T09:30:00Z"),
    ("Tue, 20 Nov 2026 10:30:00 +0100", "2026-11-20T09:30:00Z"),
    ("20 Nov 2026 09:30:00 -0000", "2026-11-20T09:30:00Z"),
    ("2026-11-20T09:30:00Z", "2026-11-20T09:30:00Z"),
    ("2026-11-20T04:30:00.250-05:00", "2026-11-20T09:30:00Z"),
    ("2026-11-20 09:30:00", "2026-11-20T09:30:00Z"),  # no zone: UTC
    (" 2026-11-20 ", "2026-11-20T00:00:00Z"),
    ("0001-01-01T00:00:00+01:00", None),  # before year 1 in UTC
    ("last tuesday", None),
    ("", None),
])
def test_to_utc(text, expected):
    assert timestamps.to_utc(text) == expected


def test_normalise_keeps_what_it_cannot_parse_in_metadata():
    article = {"published_at": "Tue, 20 Nov 2026 09:30:00 GMT", "fetched_at": "soon", "metadata": {"k": 1}}
    out, unparsed = timestamps.normalise(article)
    assert out["published_at"] == "2026-11-20T09:30:00Z" and out["fetched_at"] is None
    assert out["metadata"] == {"k": 1, "unparsed_timestamps": {"fetched_at": "soon"}}
    assert unparsed == {"fetched_at": "soon"}
    assert article["fetched_at"] == "soon" and article["metadata"] == {"k": 1}  # the input is left alone
    assert timestamps.normalise({"title": "t", "published_at": None}) == ({"title": "t", "published_at": None}, {})


def test_the_clean_stage_normalises_and_never_dead_letters_for_a_timestamp():
    raw = {"url": "https://e.com/1", "text": "Headline\nA standfirst.\nMinisters met in Paris.",
           "published_at": "Tue, 20 Nov 2026 10:30:00 +0100", "fetched_at": "yesterday-ish"}
    out = pipeline.clean_message(orjson.dumps(raw), Origin("articles.raw", 0, 1), Settings())
    assert not out.dead
    assert out.article["published_at"] == "2026-11-20T09:30:00Z"
    assert out.article["metadata"]["unparsed_timestamps"] == {"fetched_at": "yesterday-ish"}
    assert schemas.errors("cleaned-article.v1", out.article) == []


@pytest.mark.parametrize("name", ["cleaned-article.v1", "enriched-article.v1"])
def test_the_schemas_declare_date_time(name):
    schema = schemas.validator(name).schema
    for field in timestamps.FIELDS:
        assert schema["properties"][field]["format"] == "date-time"
        assert "null" in schema["properties"][field]["type"]


@pytest.mark.parametrize("text", ["Tue, 20 Nov 2026 09:30:00 GMT", "2026-11-20T04:30:00.250-05:00", "2026-11-20"])
def test_every_normalised_time_is_an_rfc3339_date_time_in_utc(text):
    assert DATE_TIME.match(timestamps.to_utc(text))
