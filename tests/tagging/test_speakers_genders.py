import re

from worker.tagging.referents import Person
from worker.tagging.titles import genders


def test_titles_and_pronouns_after_a_name_give_its_gender():
    body = "Mr. Smith met Jane Doe. Jane Doe said she smiled at him. Smith left; he was sad."
    people = [Person(m.start(), m.end(), m.group(), "PERSON") for m in re.finditer("Smith|Jane Doe", body)]
    assert genders(body, people) == {"Smith": "m", "Jane Doe": "f"}


def test_an_object_pronoun_or_a_far_pronoun_gives_no_gender():
    body = "Ann Lee scolded him. " + "x " * 100 + "She left."
    assert genders(body, [Person(0, 7, "Ann Lee", "PERSON")]) == {}
