from worker.tagging import gazetteer
from worker.tagging.mentions import collect
from worker.tagging.ner import Span
from worker.tagging.titles import Titles

TITLES = Titles()
G = gazetteer.load()


def spans_of(text: str, *surfaces: tuple[str, str]) -> list[Span]:
    return [Span(text.index(s), text.index(s) + len(s), label) for s, label in surfaces]


def mentions(text: str, *surfaces: tuple[str, str]) -> list[tuple[str, str, str | None]]:
    found = collect(text, spans_of(text, *surfaces), G.find(text), TITLES)
    return [(text[m.start:m.end], m.type, m.name) for m in found]


def test_possessive_and_article_are_stripped():
    assert mentions("Rishi Sunak’s spokesman", ("Rishi Sunak’s", "PERSON")) == [("Rishi Sunak", "PERSON", None)]
    assert mentions("at the Old Bailey.", ("the Old Bailey", "FAC")) == [("Old Bailey", "FAC", None)]


def test_title_words_are_not_names_but_mark_people():
    text = "Defence Secretary Grant Shapps met Mr Rutte and Lord Cameron."
    found = mentions(text, ("Defence", "ORG"), ("Grant Shapps", "PERSON"), ("Rutte", "ORG"), ("Cameron", "PERSON"))
    assert found == [("Grant Shapps", "PERSON", None), ("Rutte", "PERSON", None), ("Lord Cameron", "PERSON", None)]


def test_honorific_finds_names_the_model_missed():
    assert mentions("Mr Sunak last year offered") == [("Sunak", "PERSON", None)]


def test_gazetteer_beats_the_model_unless_the_model_name_is_longer():
    assert mentions("support for Kyiv remains", ("Kyiv", "PERSON")) == [("Kyiv", "GPE", "Kyiv")]
    assert mentions("the Bank of England said", ("Bank of England", "ORG")) == [("Bank of England", "ORG", "Bank of England")]
    assert mentions("the Bank of Japan said", ("Bank of Japan", "ORG")) == [("Bank of Japan", "ORG", None)]


def test_a_surname_is_not_a_place():
    text = "Eddie Jordan said Jordan would race."
    assert mentions(text, ("Eddie Jordan", "PERSON")) == [("Eddie Jordan", "PERSON", None), ("Jordan", "PERSON", None)]


def test_a_listed_place_the_model_reads_as_an_organisation_stays_one():
    text = "Chicago beat Houston 5-3 in Chicago."
    found = mentions(text, ("Chicago", "ORG"), ("Houston", "ORG"))
    assert found[:2] == [("Chicago", "ORG", None), ("Houston", "ORG", None)]
    assert found[2] == ("Chicago", "GPE", "Chicago")


def test_a_demonym_stays_listed_whatever_the_model_says():
    assert mentions("Dutch voters", ("Dutch", "ORG"))[0][1:] == ("GPE", "Netherlands")
