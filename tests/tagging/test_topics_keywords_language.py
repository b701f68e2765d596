from worker.tagging.keywords import KeywordExtractor
from worker.tagging.language import LanguageDetector
from worker.tagging.topics import TopicClassifier

TOPICS = TopicClassifier()


def test_sport_article_is_sport_first():
    topics = TOPICS.classify({"title": "United win the cup final", "body":
                              "The striker scored twice as the team beat their rivals in the final match of the season."})
    assert topics[0] == {"code": "medtop:15000000", "label": "sport", "score": topics[0]["score"]}
    assert topics[0]["score"] > 0.5


def test_topics_are_ordered_and_include_supported_subtopics():
    topics = TOPICS.classify({"title": "Voters head to the polls", "body":
                              "The election campaign ended as candidates made a last appeal to voters before the ballot."})
    codes = [t["code"] for t in topics]
    assert codes[0] == "medtop:11000000" and "medtop:20000574" in codes
    assert [t["score"] for t in topics] == sorted((t["score"] for t in topics), reverse=True)
    assert TOPICS.classify({"title": "", "body": "Zzz qqq."}) == []


def test_keywords_skip_entity_names_and_repeat_nothing():
    article = {"title": "Climate summit agrees carbon tax", "standfirst": "",
               "body": "The climate summit in Paris agreed a carbon tax. Paris hosted the climate summit again."}
    keywords = [k["text"] for k in KeywordExtractor().extract(article, {"Paris"})]
    assert keywords[0] == "climate summit"
    assert "paris" not in keywords and "carbon tax" in keywords
    words = [set(k.split()) for k in keywords]
    assert not any(a < b for a in words for b in words)


def test_language_detection():
    detector = LanguageDetector()
    english = detector.detect("The government announced new measures to support families on Tuesday.")
    dutch = detector.detect("Het kabinet heeft besloten om de steun aan Oekraïne voort te zetten.")
    assert english["code"] == "en" and english["confidence"] > 0.5
    assert dutch["code"] == "nl"
    assert detector.detect("") == {"code": None, "confidence": 0.0}


def test_keywords_drop_phrases_holding_a_full_name():
    article = {"title": "", "standfirst": "", "body": "President Joe Biden said union leaders would talk. "
               "President Joe Biden told union leaders and the Nato chief."}
    keywords = [k["text"] for k in KeywordExtractor().extract(article, {"Joe Biden", "Nato"})]
    assert "president joe biden" not in keywords
    assert "union leaders" in keywords and "nato chief" in keywords
