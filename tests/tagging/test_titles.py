from worker.tagging.titles import HONORIFIC, PEERAGE, Titles

TITLES = Titles()


def test_leading_titles_and_titles_before_a_name():
    assert TITLES.leading("Defence Secretary Grant Shapps") == len("Defence Secretary ")
    assert TITLES.before("met Mr Rutte", 7) == (HONORIFIC, 4)
    assert TITLES.before("Foreign Secretary Lord Cameron", 23) == (PEERAGE, 18)
    assert TITLES.before("Rutte", 0) is None


def test_title_only_spans_and_names_after_honorifics():
    assert TITLES.only_titles("Defence") and TITLES.only_titles("Prime Minister")
    assert not TITLES.only_titles("Grant Shapps")
    text = "Mr Sunak and Mrs O’Neill met Dr. Who"
    assert [text[s:e] for s, e in TITLES.names_after(text)] == ["Sunak", "O’Neill", "Who"]
