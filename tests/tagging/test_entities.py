from worker.tagging import entities
from worker.tagging.document import Document
from worker.tagging.mentions import Mention


def find(tagger, title: str, body: str, standfirst: str = "") -> dict:
    doc = Document.of({"title": title, "standfirst": standfirst, "body": body})
    spans = __import__("worker.tagging.ner", fromlist=["find_spans"]).find_spans(tagger.nlp, [doc.text])[0]
    return {e["name"]: e for e in tagger.find_entities(doc, spans)}


def test_short_names_resolve_to_the_nearest_full_name_before():
    text = "Mark Rutte met Anna Rutte. Rutte said no."
    ms = [Mention(0, 10, "PERSON"), Mention(15, 25, "PERSON"), Mention(27, 32, "ORG")]
    resolved = entities.resolve(text, ms)
    assert [(m.name, m.type) for m in resolved] == [("Mark Rutte", "PERSON"), ("Anna Rutte", "PERSON"),
                                                     ("Anna Rutte", "PERSON")]


def test_type_is_the_majority_of_a_name_s_mentions():
    text = "Acme rose. Acme fell. Acme won."
    ms = [Mention(0, 4, "ORG"), Mention(11, 15, "PERSON"), Mention(22, 26, "ORG")]
    assert {m.type for m in entities.resolve(text, ms)} == {"ORG"}


def test_propagate_tags_unlabelled_repeats_and_surnames():
    text = "Adam Hollioake scored. Hollioake then left Surrey for Surrey."
    ms = [Mention(0, 14, "PERSON"), Mention(43, 49, "ORG")]
    found = entities.propagate(text, ms)
    assert [text[m.start:m.end] for m in found] == ["Adam Hollioake", "Hollioake", "Surrey", "Surrey"]


def test_salience_and_fields(tagger):
    found = find(tagger, "Germany plans new rail link", "The project links Berlin with Paris. Germany pays most.",
                 standfirst="France welcomes the German plan.")
    germany = found["Germany"]
    assert germany["mentions"][0] == {"start": 0, "end": 7, "text": "Germany", "field": "title"}
    assert {"field": "standfirst", "start": 20, "end": 26, "text": "German", "form": "demonym"} in germany["mentions"]
    assert germany["salience"] == 1.0
    assert found["Paris"]["salience"] < found["France"]["salience"] < 1.0
    assert found["Paris"]["ids"] == {"country": "FR"}


def test_multi_word_short_names_resolve_too():
    text = "Bill de Blasio spoke. Later de Blasio left."
    ms = [Mention(0, 14, "PERSON"), Mention(28, 37, "ORG")]
    assert [(m.name, m.type) for m in entities.resolve(text, ms)] == [("Bill de Blasio", "PERSON")] * 2


def test_a_city_and_its_team_keep_their_own_types():
    text = "Pittsburgh 1996. Pittsburgh beat Acme. Pittsburgh lost."
    ms = [Mention(0, 10, "GPE"), Mention(17, 27, "ORG"), Mention(39, 49, "ORG")]
    assert [m.type for m in entities.resolve(text, ms)] == ["GPE", "ORG", "ORG"]
    ms = [Mention(0, 10, "GPE"), Mention(17, 27, "GPE"), Mention(39, 49, "ORG")]
    assert [m.type for m in entities.resolve(text, ms)] == ["GPE", "GPE", "ORG"]
