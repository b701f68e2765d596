from worker.tagging.keywords import KeywordExtractor


def test_keywords_skip_entity_names_and_repeat_nothing():
    article = {"title": "Climate summit agrees carbon tax", "standfirst": "",
               "body": "The climate summit in Paris agreed a carbon tax. Paris hosted the climate summit again."}
    keywords = [k["text"] for k in KeywordExtractor().extract(article, {"Paris"})]
    assert keywords[0] == "climate summit"
    assert "paris" not in keywords and "carbon tax" in keywords
    words = [set(k.split()) for k in keywords]
    assert not any(a < b for a in words for b in words)


def test_keywords_drop_phrases_holding_a_full_name():
    article = {"title": "", "standfirst": "", "body": "President Joe Biden said union leaders would talk. "
               "President Joe Biden told union leaders and the Nato chief."}
    keywords = [k["text"] for k in KeywordExtractor().extract(article, {"Joe Biden", "Nato"})]
    assert "president joe biden" not in keywords
    assert "union leaders" in keywords and "nato chief" in keywords
