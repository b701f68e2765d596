"""Speaker patterns of news writing: each test an invented example of one."""

from worker.tagging.quotes import Person, extract


def speakers(body: str) -> list:
    return [q["speaker"] for q in extract(body, [])]


def test_a_speaker_with_my_or_your():
    assert speakers("\"Nobody gives you anything for free,\" your neighbor will say.") == ["your neighbor"]
    assert speakers("“Hard work pays off in the end,” my father often said.") == ["my father"]


def test_a_noun_that_is_also_a_speech_verb_is_part_of_the_speaker():
    assert speakers("The agency “counts only the largest cases,” the report says.") == ["the report"]
    assert speakers("“Prices will rise again next year,” the latest report notes.") == ["the latest report"]


def test_per_a_source_after_the_quote():
    assert speakers("Proxy votes are banned “when a vacancy must be filled,” per the party's rules.") == [
        "the party's rules"]


def test_as_a_source_put_it():
    body = ("Many applicants struggle with the paperwork of the program, because its main test is a "
            "“lawful source of income,” as a federal memo put it.")
    q = extract(body, [])[0]
    assert q["speaker"] == "a federal memo"
    assert q["reported"]["text"].startswith("because its main test is")


def _people(body: str, *names: str) -> list[Person]:
    return sorted(Person(body.find(n), body.find(n) + len(n), n, "PERSON") for n in names)


def speaker_of_last(body: str, *names: str) -> tuple:
    """(speaker, speaker_entity) of the body's last quote, the given names tagged as people."""
    q = extract(body, _people(body, *names))[-1]
    return q["speaker"], q["speaker_entity"]


def test_a_colon_introduction_is_said_by_the_subject_of_the_main_clause():
    body = "Worried about turnout for Tom Reyes, Mayor Ann Lee is trying a new message: “This is about me.”"
    q = extract(body, _people(body, "Tom Reyes", "Ann Lee"))[0]
    assert (q["speaker"], q["speaker_entity"]) == ("Ann Lee", "Ann Lee")


def test_a_colon_closing_the_paragraph_before_introduces_the_quote():
    body = "On Monday, Ann Lee made the following comment:\n\n“We will not give up on this town.”"
    assert extract(body, _people(body, "Ann Lee"))[0]["speaker_entity"] == "Ann Lee"


def test_a_long_source_after_according_to():
    body = ("According to a civil complaint filed by the federal trade regulator and a second complaint by "
            "the state attorney general, the developers ran a “massive fraudulent scheme” for years.")
    q = extract(body, [])[0]
    assert q["speaker"] == ("a civil complaint filed by the federal trade regulator and a second complaint by "
                            "the state attorney general")
    assert q["reported"]["text"] == "the developers ran a “massive fraudulent scheme” for years."


def test_a_relative_clause_names_the_speaker_and_a_clause_is_none():
    body = ("Perhaps it is a sign of the times, but the fine -- which the company's chief executive, "
            "Jane Roe, called “pure political theater” -- may be paid soon.")
    assert speakers(body) == ["the company's chief executive"]


def test_a_noun_after_the_speech_verb_stays_out_of_the_speaker():
    assert speakers("Ann Lee says states must act “before the winter comes.”") == ["Ann Lee"]
    assert speakers("Ann Lee said notes from the meeting show “a clear plan to cut costs.”") == ["Ann Lee"]


def test_a_name_set_off_after_the_speaker_phrase_is_the_speaker():
    body = "The harbour was quiet that winter. “He never missed a tide,” said his daughter, Maria Costa."
    assert speaker_of_last(body, "Maria Costa") == ("Maria Costa", "Maria Costa")
    body = "“We will appeal,” said a lawyer for the family, who asked not to be named."
    assert speakers(body) == ["a lawyer for the family"]


def test_a_pronoun_alone_before_the_cue_of_the_sentence_before_is_resolved():
    body = ("The clinic in the valley closed in March, Ann Lee, a nurse there, told the council.\n"
            "She lamented the lack of any notice.\n"
            "“Nobody came to explain it to the families.”")
    assert speaker_of_last(body, "Ann Lee") == ("Ann Lee", "Ann Lee")


def test_a_quote_opening_its_paragraph_is_said_by_whoever_confirmed_the_paragraph_before():
    body = ("Rain is expected all week.\n"
            "Ann Lee confirmed that every shelter in the district would stay open at night.\n"
            "“Nobody should sleep outside in this weather.”")
    assert speaker_of_last(body, "Ann Lee") == ("Ann Lee", "Ann Lee")


def _entity_with_norway(body: str):
    """speaker_entity of the body's quote, "Norway" tagged as a place."""
    at = body.find("Norway")
    return extract(body, [Person(at, at + len("Norway"), "Norway", "GPE")])[0]["speaker_entity"]


def test_a_place_the_speaker_serves_in_is_not_the_speaker():
    assert _entity_with_norway("“The talks have failed,” said the ambassador to Norway.") is None
    assert _entity_with_norway("“The talks have failed,” said Norway.") == "Norway"
