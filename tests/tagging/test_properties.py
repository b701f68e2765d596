from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from worker.core import schemas

WORDS = st.sampled_from(["Mr", "Rutte", "said", "“", "”", '"', "Nato", "the", "UK", "Britain’s", ":", ",", ".",
                         "Lord", "Cameron", "he", "Kyiv", "US", "us", "\n\n", "According", "to", "Defence",
                         "Secretary", "Ms", "Dutch", "'s", "—", "quoted", "words", "here"])
TEXT = st.lists(WORDS, min_size=1, max_size=60).map(" ".join).filter(str.strip)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, body=TEXT)
def test_any_text_gives_a_valid_consistent_payload(tagger, make_article, title, body):
    article = make_article(title, "", [p.strip() for p in body.split("\n\n") if p.strip()] or [body], id_="prop")
    result = tagger.tag_many([article])[0]
    assert schemas.errors("enriched-article.v1", result) == []
    for entity in result["entities"]:
        for m in entity["mentions"]:
            assert article[m.get("field", "body")][m["start"]:m["end"]] == m["text"]
    for quote in result["quotes"]:
        assert 0 <= quote["start"] <= quote["end"] <= len(article["body"])
    assert result["duplicate_of"] is None or result["duplicate_of"]["id"] != "prop"
