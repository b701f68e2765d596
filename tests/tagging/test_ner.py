import time

import pytest

from worker.tagging import ner

PROSE = ("Mark Rutte met Joe Biden in Washington on Friday, and the Dutch prime minister told "
         "reporters at the White House that NATO would stand by Ukraine for as long as it takes. ")


def test_the_model_runs_ner_only(tagger):
    assert tagger.nlp.pipe_names == ["ner"]


def test_the_packaged_model_is_the_default(tagger):
    assert tagger.model_name == ner.PACKAGED
    assert tagger.nlp.meta["name"] == "news_ner"
    assert ner.load_model(ner.PACKAGED_PATH).meta["name"] == "news_ner"  # a path works too


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


@pytest.mark.parametrize("text", ['"' * 200_000, "’" * 50_000 + "a" + "%" * 50_000, "-" * 20 + " Rutte"])
def test_model_text_keeps_length_and_breaks_punctuation_runs(text):
    seen = ner.model_text(text)
    assert len(seen) == min(len(text), ner.MAX_MODEL_CHARS)
    assert max(len(run) for run in seen.split()) <= ner.TOKEN_RUN
    assert all(a == b for a, b in zip(seen, text) if b.isalnum())


def test_long_words_are_broken_and_prose_is_untouched():
    assert ner.model_text(PROSE) == PROSE
    seen = ner.model_text("x" * 1000)
    assert len(seen) == 1000 and max(len(run) for run in seen.split()) == ner.TOKEN_RUN


def test_the_model_sees_only_the_first_max_chars_cut_at_a_space():
    text = PROSE * 20
    seen = ner.model_text(text, max_chars=1000)
    assert len(seen) <= 1000 and text.startswith(seen) and text[len(seen)] == " "


def test_find_reports_truncation(tagger):
    short, long_ = ner.find(tagger.nlp, [PROSE, PROSE * 20], max_chars=1000)
    assert not short.truncated and long_.truncated
    assert short.spans and all(s.end <= 1000 for s in long_.spans)


def test_token_dense_text_is_capped_by_tokens_too(tagger):
    found = ner.find(tagger.nlp, ["( " * 1500], max_chars=4000)[0]  # 3000 characters, 1500 tokens
    assert found.truncated


def _cpu_seconds(nlp, text: str) -> float:
    start = time.process_time()
    ner.find(nlp, [text])
    return time.process_time() - start


@pytest.mark.parametrize("char", ['"', "'", ")", "!", ",", "”", "’", "*", "]", "$", "%"])
def test_a_200kb_run_of_punctuation_costs_little(tagger, char):
    assert _cpu_seconds(tagger.nlp, char * 200_000) < 2.0  # was minutes: quadratic in the run


@pytest.mark.parametrize("text", [("(" * 8 + " ") * 25_000, "'s" * 100_000, '"a' * 100_000])
def test_token_dense_hostile_text_costs_bounded_time(tagger, text):
    assert _cpu_seconds(tagger.nlp, text) < 15.0  # at most max_chars / CHARS_PER_TOKEN tokens


def test_a_megabyte_of_prose_costs_what_the_first_100kb_cost(tagger):
    found = ner.find(tagger.nlp, [PROSE * (1_000_000 // len(PROSE))])[0]
    assert found.truncated and found.spans
    assert _cpu_seconds(tagger.nlp, PROSE * (1_000_000 // len(PROSE))) < 15.0


def test_batches_hold_at_most_max_chars_unless_one_text_is_longer():
    docs = [(f"doc{i}", n) for i, n in enumerate((40, 50, 20, 200, 5, 5))]
    sizes = [[chars for _, chars in b] for b in ner._batches(docs, 2, 100)]
    assert sizes == [[40, 50], [20], [200], [5, 5]]


def test_many_long_texts_in_one_call_give_the_same_spans_as_one_at_a_time(tagger):
    texts = [PROSE * 30, PROSE, PROSE * 40]
    assert ner.find(tagger.nlp, texts, max_chars=8000) == [ner.find(tagger.nlp, [t], max_chars=8000)[0] for t in texts]
