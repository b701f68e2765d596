"""Patterns of news writing: each test an invented example of one."""

from worker.tagging.quotes import Person, extract


def test_a_quote_ending_with_a_quote_inside_it_is_still_interrupted():
    body = ("\"My aunt told me, 'Never give up,'\" said Tom Reyes, a local organizer. "
            "\"So I kept knocking on doors.\"")
    quotes = extract(body, [])
    assert [q["text"] for q in quotes] == ["My aunt told me, 'Never give up,' So I kept knocking on doors."]
    assert quotes[0]["speaker"] == "Tom Reyes"


def test_a_quote_introduced_by_a_colon_ends_at_its_attribution():
    body = ("The senator pressed him: “You sold a cure that does not ‘work,’” she said. "
            "“People believed you.”")
    assert [q["text"] for q in extract(body, [])] == ["You sold a cure that does not ‘work,’",
                                                      "People believed you."]


def test_a_short_phrase_quoted_without_cue_or_speaker_is_a_scare_quote():
    body = "The paper sent its “chief trend correspondent” to a diner in rural Ohio for a week."
    assert extract(body, []) == []
    # a longer one stays, and so does a name characterized in someone's words
    assert len(extract("The paper sent “a reporter who never leaves New York” to Ohio.", [])) == 1
    assert len(extract("He has been pounding Mayor Tom Reyes as a “career politician” for months.", [])) == 1


def test_a_title_before_the_word_for_its_work_is_no_quote():
    body = "Listeners called in to his “Morning With Ray” radio program on Sunday to complain."
    assert extract(body, []) == []


def test_a_title_does_not_join_the_quote_after_it():
    body = "At the end of the anthem “We Shall Overcome,” she added the words, “Vote Tuesday.”"
    assert [(q["text"], q["speaker"]) for q in extract(body, [])] == [("Vote Tuesday.", "she")]


def test_a_participle_of_a_speech_verb_is_a_cue():
    body = "Bemoaning the “rigged system,” Ann Lee accused the referee of bias."
    q = extract(body, [Person(body.find("Ann Lee"), body.find("Ann Lee") + 7, "Ann Lee", "PERSON")])[0]
    assert (q["text"], q["speaker"]) == ("rigged system,", "Ann Lee")


def test_a_fronted_clause_before_a_cue_and_its_object_is_not_reported():
    body = ("Although the agency named no country, it referenced “rising tensions” in several capitals "
            "that are hurting trade - and slowing growth.")
    q = extract(body, [])[0]
    assert q["reported"]["text"] == "“rising tensions” in several capitals that are hurting trade"


def test_a_participle_in_a_sentence_of_its_own_does_not_split_an_interrupted_quote():
    body = ("“You cannot fix what you do not know,” Ann Lee said, stressing why history matters. "
            "“So we start there.”")
    assert len(extract(body, [])) == 1
    body = "“We cannot pay for this,” Ann Lee said, adding later, “It costs a fortune.”"
    assert len(extract(body, [])) == 2


def test_a_scare_quote_after_a_quote_in_its_paragraph_is_still_a_scare_quote():
    body = ("“We lost everything,” Ann Lee said. Inspectors checked the records and found "
            "“3,200 damaged homes” in the county.")
    assert [q["text"] for q in extract(body, [])] == ["We lost everything,"]


def test_a_noun_of_saying_makes_a_short_quote_speech():
    body = "Despite her promise that taxes would “never rise,” the council raised them twice this year."
    q = extract(body, [])
    assert [x["text"] for x in q] == ["never rise,"]
    assert q[0]["reported"]["text"] == "that taxes would “never rise,”"
