from collections import Counter

import numpy as np

from worker.evaluation import quotes, topics
from worker.evaluation._topic_model import Folds


def test_quote_counts_separate_named_and_pronoun_sources():
    gold = [{"content": "“We will win this election,” she said", "source": "she"},
            {"content": "“Taxes will fall next year,” Jane Roe said", "source": "Jane Roe"},
            {"content": "“Nobody found this one”", "source": "Bob"}]
    found = [{"text": "We will win this election,", "speaker": "Ann Lee", "speaker_entity": "Ann Lee"},
             {"text": "Taxes will fall next year,", "speaker": "Roe", "speaker_entity": None},
             {"text": "Something else entirely here", "speaker": None, "speaker_entity": None}]
    counts = quotes.count(found, gold)
    assert counts == Counter(predicted=3, gold=3, gold_found=2, right=2, speaker_right=1, named=1,
                             named_right=1, pronoun_source=1)
    result = quotes.scores(counts)
    assert result["pronoun_source_share"] == 0.5 and result["speaker_share_named"] == 1.0
    assert result["quotes"]["precision"] == round(2 / 3, 4) and result["quotes"]["recall"] == round(2 / 3, 4)
    assert result["quotes"]["f1"] == round(2 / 3, 4)


def test_halves_alternate_over_the_sorted_articles():
    assert [quotes.half_of(i) for i in range(4)] == ["a", "b", "a", "b"]


def _articles():
    sport = "The striker scored a goal as the team won the match and the league title"
    politics = "The minister told parliament the government would hold an election vote"
    articles = [{"title": "", "standfirst": "", "body": f"{sport} {i}."} for i in range(6)]
    articles += [{"title": "", "standfirst": "", "body": f"{politics} {i}."} for i in range(6)]
    return articles, ["medtop:15000000"] * 6 + ["medtop:11000000"] * 6


def test_cross_validation_predicts_each_article_from_the_other_folds():
    articles, labels = _articles()
    folds = Folds(articles, labels)
    predicted = folds.cross_validate(seed=0, k=3)
    assert predicted == labels
    train = np.arange(12)
    c, mix = folds.choose(train, seed=0, k=3)
    assert c in (100.0, 1000.0) and 0 < mix.learned <= 1


def test_top_level_of_a_topic_list():
    parents = {"medtop:11000000": None, "medtop:20000574": "medtop:11000000"}
    assert topics.top_level([{"code": "medtop:20000574"}, {"code": "medtop:11000000"}], parents) == "medtop:11000000"
    assert topics.COMMANDS and all(c.startswith("newsworker eval topics") for c in topics.COMMANDS)
