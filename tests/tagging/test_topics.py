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
