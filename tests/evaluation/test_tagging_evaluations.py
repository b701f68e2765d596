from worker.evaluation import entities, quotes, topics
from worker.evaluation._common import prf


def test_iob1_spans_and_token_alignment():
    layout = entities.Layout([[("Peter", "I-PER"), ("Blackburn", "I-PER"), ("visits", "O"), ("Bonn", "I-LOC")],
                              [("EU", "I-ORG"), ("Commission", "I-ORG"), ("Euratom", "B-ORG")]])
    assert layout.text == "Peter Blackburn visits Bonn\n\nEU Commission Euratom"
    assert layout.gold() == {(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "ORG"), (6, 7, "ORG")}
    start = layout.text.index("Bonn")
    assert layout.predicted([(start, start + 4, "GPE"), (0, 5, "NORP")]) == {(3, 4, "LOC")}


def test_quote_matching_needs_half_the_words_both_ways():
    assert quotes._same("we will win", "“We will win,” he said")
    assert not quotes._same("win", "we will win the election today")
    assert quotes.same_quote({"text": "con artist", "reported": {"text": "Trump as a “con artist”"}},
                             "Trump as a “con artist”")
    assert quotes.speaker_right({"speaker": "the spokesman", "speaker_entity": "Rishi Sunak"}, "Sunak’s office")


def test_prf_and_topic_mapping():
    assert prf(1, 2, 4) == {"precision": 0.5, "recall": 0.25, "f1": 0.3333, "true_positive": 1,
                            "predicted": 2, "gold": 4}
    assert topics.EXPECTED["tech"] == "medtop:13000000"
    parents = {"medtop:11000000": None, "medtop:20000574": "medtop:11000000"}
    assert topics.top_level([{"code": "medtop:20000574"}, {"code": "medtop:11000000"}], parents) == "medtop:11000000"


def test_entity_table_has_a_column_group_per_scored_pipeline():
    cell = {"precision": 0.5, "recall": 0.25, "f1": 0.3333}
    scores = {t: cell for t in (*entities.TYPES, "overall")}
    result = {"documents": 2, "model": "m", "baseline": "b", "raw_baseline": scores, "raw_model": scores,
              "stage": scores}
    lines = entities.table(result)
    assert "baseline b" in lines[0] and lines[1].split()[1:4] == ["baseline", "P", "baseline"]
    assert lines[-1].split() == ["overall"] + ["0.500", "0.250", "0.333"] * 3
    del result["raw_baseline"], result["baseline"]
    assert entities.table(result)[-1].split() == ["overall"] + ["0.500", "0.250", "0.333"] * 2
