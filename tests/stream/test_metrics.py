"""Metrics accounting: what one finished input of each stage adds, and series present from the start."""

import orjson

from worker.core import pipeline
from worker.core.messages import Origin, Output, Stage
from worker.core.settings import Settings
from worker.stream.metrics import KNOWN_DEAD_LETTERS, Metrics

SETTINGS = Settings()
ORIGIN = Origin("articles.raw", 0, 1, timestamp_ms=1_700_000_000_000)


def value(metrics: Metrics, name: str, **labels) -> float:
    return metrics.registry.get_sample_value(name, labels or None) or 0.0


def test_every_known_dead_letter_and_outcome_series_is_exported_at_zero():
    metrics = Metrics("v")
    text = metrics.exposition().decode()
    for stage, reason in KNOWN_DEAD_LETTERS:
        assert f'newsworker_dead_letters_total{{reason="{reason}",stage="{stage}"}} 0.0' in text
    for stage in ("clean", "tag"):
        for outcome in ("ok", "dead_letter"):
            assert f'newsworker_articles_processed_total{{outcome="{outcome}",stage="{stage}"}} 0.0' in text
    assert "_created" not in text


def test_a_clean_output_counts_removed_boilerplate_and_a_dead_letter_its_reason():
    metrics = Metrics("v")
    raw = orjson.dumps({"url": "u", "text": "Title\nStandfirst\nBody.\nSign up to our newsletter for the best stories."})
    out = pipeline.clean_message(raw, ORIGIN, SETTINGS)
    metrics.record(Stage.CLEAN, out, ORIGIN)
    dead = pipeline.clean_message(b"{not json", ORIGIN, SETTINGS)
    metrics.record(Stage.CLEAN, dead, ORIGIN)
    assert value(metrics, "newsworker_articles_processed_total", stage="clean", outcome="ok") == 1
    assert value(metrics, "newsworker_dead_letters_total", stage="decode", reason="invalid_json") == 1
    removed = sum(r["chars"] for r in out.article["removed"])
    assert removed > 0
    assert sum(value(metrics, "newsworker_boilerplate_chars_removed_total", kind=r["kind"])
               for r in out.article["removed"]) == removed


def test_a_tag_output_counts_entities_topics_words_and_latency():
    metrics = Metrics("v")
    article = {"schema": "enriched-article.v1", "word_count": 321,
               "entities": [{"type": "PERSON"}, {"type": "ORG"}, {"type": "ORG"}],
               "topics": [{"code": "medtop:11000000", "label": "politics"}],
               "provenance": {"source_timestamp_ms": 1_700_000_000_000}}
    out = Output(key=b"k", value=b"{}", stage=Stage.TAG, article=article)
    metrics.record(Stage.TAG, out, ORIGIN)
    assert value(metrics, "newsworker_entities_total", type="ORG") == 2
    assert value(metrics, "newsworker_topics_total", code="medtop:11000000", label="politics") == 1
    assert (value(metrics, "newsworker_article_words_count"), value(metrics, "newsworker_article_words_sum")) == (1, 321)
    assert value(metrics, "newsworker_end_to_end_latency_seconds_count") == 1
    replayed = Origin("articles.replay", 0, 1, headers=(("x-replay-job", b"j"),))
    metrics.record(Stage.TAG, out, replayed)  # replays keep old timestamps: no latency
    assert value(metrics, "newsworker_end_to_end_latency_seconds_count") == 1
