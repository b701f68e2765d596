"""Speaker patterns of news writing: each test an invented example of one."""

from worker.tagging.quotes import extract


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
