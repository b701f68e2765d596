from worker.tagging.quotes import Person, extract
from worker.tagging.typed_marks import Rewritten

BODY = ("Ann Lee spoke first.\n\n''This isn't reform,'' said Bo Chen, an economist. ''It's more of the same.''"
        "\n\nThe plan was ''taking a close look'' at provisions, Ann Lee said. He is 5'10'' tall.")


def test_two_apostrophes_become_one_mark_with_offsets_mapped_both_ways():
    rewritten = Rewritten("a ''b'' c")
    assert rewritten.text == "a “b” c"
    assert [rewritten.to_text(i) for i in (0, 2, 4, 5, 7, 8)] == [0, 2, 3, 4, 5, 6]
    assert [rewritten.to_body(i) for i in (0, 2, 3, 4, 5, 6)] == [0, 2, 4, 5, 7, 8]


def test_quotes_in_two_apostrophes_are_quotes_with_offsets_in_the_body():
    chen = BODY.index("Bo Chen")
    quotes = extract(BODY, [Person(0, 7, "Ann Lee", "PERSON"), Person(chen, chen + 7, "Bo Chen", "PERSON")])
    assert [(q["text"], q["speaker"]) for q in quotes] == [
        ("This isn't reform, It's more of the same.", "Bo Chen"), ("taking a close look", "Ann Lee")]
    first, second = quotes
    assert BODY[first["start"]:first["end"]].startswith("This isn't reform,'' said")
    assert BODY[second["start"]:second["end"]] == "taking a close look"
    assert second["reported"]["text"] == "The plan was ''taking a close look'' at provisions"


def test_two_closing_single_marks_close_a_curly_quote():
    body = "“Imagine thousands of such cars on our roads,’’ Ms. Raimondo said. “So it’s scary to contemplate.’’"
    q = extract(body, [])
    assert [(x["text"], x["speaker"]) for x in q] == [
        ("Imagine thousands of such cars on our roads, So it’s scary to contemplate.", "Ms. Raimondo")]
    assert body[q[0]["end"]:].startswith("’’")
    body = "“Those ‘likes’’ are violations of our policy,” said a spokesperson."
    assert [x["speaker"] for x in extract(body, [])] == ["a spokesperson"]
