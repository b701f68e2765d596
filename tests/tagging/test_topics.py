from collections import Counter

from worker.tagging.topics import Mix, TopicClassifier, WordModel, load_topics

TOPICS = TopicClassifier()


def test_sport_article_is_sport_first():
    topics = TOPICS.classify({"title": "United win the cup final", "body":
                              "The striker scored twice as the team beat their rivals in the final match of the season."})
    assert (topics[0]["code"], topics[0]["label"]) == ("medtop:15000000", "sport")
    assert topics[0]["score"] > 0.5


def test_topics_are_ordered_and_include_supported_subtopics():
    topics = TOPICS.classify({"title": "Voters head to the polls", "body":
                              "The election campaign ended as candidates made a last appeal to voters before the ballot."})
    codes = [t["code"] for t in topics]
    assert codes[0] == "medtop:11000000" and "medtop:20000574" in codes
    assert [t["score"] for t in topics] == sorted((t["score"] for t in topics), reverse=True)
    assert TOPICS.classify({"title": "", "body": "Zzz qqq."}) == []


def test_iptc_vocabulary_gives_second_level_topics_without_keyword_lists():
    topics = TOPICS.classify({"title": "Festival opens with a new opera", "body":
                              "The opera and the ballet drew crowds to the theatre, and the festival's art "
                              "exhibition and concerts of classical music sold out."})
    codes = [t["code"] for t in topics]
    assert codes[0] == "medtop:01000000" and "medtop:20000002" in codes  # arts and entertainment
    assert "medtop:20000002" not in {t.code for t in load_topics()}  # no keyword list for it


def test_learned_weights_only_divide_the_evidence_of_their_own_topics():
    article = {"title": "Hospitals face flu surge", "body": "Doctors and nurses said hospital wards were full "
               "as the flu virus spread, with patients waiting for treatment and vaccines. The health minister "
               "told parliament the government would fund more beds."}
    sport, politics = "medtop:15000000", "medtop:11000000"
    plain = TopicClassifier(words=None)
    always_sport = WordModel((sport, politics), {}, (50.0, 0.0))
    evidence = plain.evidence(article)
    for learned in (0.5, 1.0):
        without = plain.combine(evidence, None, Mix(learned, 1.0))
        with_model = plain.combine(evidence, always_sport.probabilities(evidence.terms), Mix(learned, 1.0))
        assert abs((without[sport] + without[politics]) - (with_model[sport] + with_model[politics])) < 1e-9
        assert max(with_model, key=with_model.get) == "medtop:07000000"  # health
        assert with_model[sport] > without[sport] and with_model[politics] < without[politics]


def test_word_model_matches_the_fitted_scikit_learn_model():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    from worker.evaluation._topic_model import fit_words

    counts = [Counter({"goal": 2, "match": 1, "vote": 1}), Counter({"goal": 1, "match": 3}),
              Counter({"vote": 2, "minister": 1, "match": 1}), Counter({"vote": 1, "minister": 2, "goal": 1})]
    labels = ["s", "s", "p", "p"]
    words = fit_words(counts, labels, 10.0)
    vectorizer, tfidf = DictVectorizer(), TfidfTransformer(sublinear_tf=True)
    model = LogisticRegression(C=10.0, max_iter=5000).fit(tfidf.fit_transform(vectorizer.fit_transform(counts)), labels)
    probe = Counter({"goal": 1, "minister": 1, "vote": 3, "unseen": 4})
    expected = model.predict_proba(tfidf.transform(vectorizer.transform([probe])))[0]
    got = words.probabilities(probe)
    assert [round(got[c], 3) for c in model.classes_] == [round(p, 3) for p in expected]


def test_scores_are_probabilities_over_the_top_level_topics():
    evidence = TOPICS.evidence({"title": "Budget", "body": "The chancellor set out tax and spending plans to MPs."})
    scores = TOPICS.combine(evidence, TOPICS.words.probabilities(evidence.terms), TOPICS.mix)
    assert abs(sum(scores.values()) - 1) < 1e-9 and all(0 <= s <= 1 for s in scores.values())
