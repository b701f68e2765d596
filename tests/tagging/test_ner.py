import pytest

from worker.tagging import ner


def test_the_model_runs_ner_only(tagger):
    assert tagger.nlp.pipe_names == ["ner"]


def test_spans_are_character_offsets_with_kept_labels(tagger):
    text = "Mark Rutte met Joe Biden in Washington on Friday."
    spans = ner.find_spans(tagger.nlp, [text])[0]
    assert {(text[s.start:s.end], s.label) for s in spans} >= {("Mark Rutte", "PERSON"), ("Joe Biden", "PERSON")}
    assert all(s.label in ner.LABELS for s in spans)  # no DATE for "Friday"


def test_unknown_model_names_fail_loudly():
    with pytest.raises(OSError):
        ner.load_model("no_such_model_installed")


def test_new_words_do_not_grow_the_vocabulary(tagger):
    texts = [f"Zorblat{i} met Quuxington{i} of Flimflam{i} Corp in Paris." for i in range(50)]
    before = len(tagger.nlp.vocab.strings)
    ner.find_spans(tagger.nlp, texts)
    assert len(tagger.nlp.vocab.strings) == before
