from worker.tagging import speakers
from worker.tagging import referents
from worker.tagging.referents import Person


def span_text(body: str, fragments) -> str | None:
    span = speakers.speaker_span(body, fragments)
    return body[span[0]:span[1]] if span else None


def test_speaker_after_and_before_the_quote():
    body = "“We are ready,” said the minister. Later: “Fine.”"
    assert span_text(body, ((1, 14),)) == "the minister"
    body = "The mayor told reporters: “Roads will reopen tomorrow.”"
    assert span_text(body, ((27, 54),)) == "The mayor"


def test_colon_closing_the_previous_paragraph():
    body = "In a statement, Peabody said:\n\n“Patriot was a success.”"
    start = body.index("Patriot")
    assert span_text(body, ((start, body.index("”")),)) == "Peabody"


def test_clauses_are_not_speakers():
    assert not speakers.is_attribution(" to Ukraine and replacing it with softer language calling for")
    assert speakers.is_attribution(", Flynn, a top Trump surrogate, said on Thursday.")


def test_resolve_pronouns_and_entities():
    body = "Jane Doe arrived. “Hi there all,” she said. Bob Roe’s aide said so."
    people = [Person(0, 8, "Jane Doe", "PERSON"), Person(44, 51, "Bob Roe", "PERSON")]
    she = body.index("she")
    assert referents.resolve(body, (she, she + 3), people, 19) == ("Jane Doe", "Jane Doe")
    aide = body.index("Bob")
    assert referents.resolve(body, (aide, aide + 14), people, 0) == ("Bob Roe’s aide", "Bob Roe")
    assert referents.resolve(body, None, people, 0) == (None, None)


def test_a_phrase_opening_with_a_preposition_is_no_speaker():
    body = "In a message posted Friday, Cruz said he has had “areas of real disagreement” with them."
    start = body.index("areas")
    assert span_text(body, ((start, body.index("”")),)) == "Cruz"


def test_attribution_at_the_end_of_a_sentence():
    body = "A cashier who steals is held accountable, Warren said."
    span = speakers.attribution_at(body, body.index(", Warren"), len(body))
    assert body[span[0]:span[1]] == "Warren"


def test_a_name_and_verb_after_a_quote_ending_its_sentence_open_the_next_one():
    body = ("The Times reported that her statement was “not in line with our policy.” "
            "The network said it would send her abroad.")
    start = body.index("“") + 1
    assert span_text(body, ((start, body.index("”")),)) == "The Times"


def test_titles_and_initials_stay_in_the_name_after_the_verb():
    assert span_text("“We are ready,” said Mr. Smith.", ((1, 14),)) == "Mr. Smith"
    body = "“We are ready,” said Jennifer M. Piscopo, a professor."
    assert span_text(body, ((1, 14),)) == "Jennifer M. Piscopo"
    assert span_text("“We are ready,” according to a U.S. official.", ((1, 14),)) == "a U.S. official"


def test_where_and_when_after_the_name_are_not_the_speaker():
    body = "“We are ready,” said Commerce Secretary Gina Raimondo on a conference call with reporters to announce it."
    assert span_text(body, ((1, 14),)) == "Commerce Secretary Gina Raimondo"
    body = "“We are ready,” said Mr. Burman (a view echoed by everyone I interviewed)."
    assert span_text(body, ((1, 14),)) == "Mr. Burman"


def test_a_participle_after_a_quote_names_no_speaker():
    body = "“We would have done the same,” citing a story the network ran in Gaza."
    assert span_text(body, ((1, 29),)) is None
    body = "“Violate any norm,” read the post."
    assert span_text(body, ((1, body.index("”")),)) == "the post"


def test_a_pronoun_skips_people_of_the_other_gender():
    body = ("Ms. Ann Lee spoke after Bob Roe said he would leave. "
            "“We will not give up on this,” she said.")
    bob = body.index("Bob")
    people = [Person(4, 11, "Ann Lee", "PERSON"), Person(bob, bob + 7, "Bob Roe", "PERSON")]
    she = body.index("she said")
    assert referents.resolve(body, (she, she + 3), people, body.index("We")) == ("Ann Lee", "Ann Lee")


def test_a_pronoun_inside_a_clause_taken_for_the_speaker():
    body = "President Joe Biden gave a speech in which he said, “The world can’t just look away.”"
    people = [Person(10, 19, "Joe Biden", "PERSON")]
    span = (0, body.index(" said"))
    assert referents.resolve(body, span, people, body.index("The world"), 0) == ("Joe Biden", "Joe Biden")


def test_a_nickname_and_state_abbreviations_inside_the_attribution():
    body = ('"This is a big year for us!" Scott\'s niece, state Del. Marcia "Cia" Price (D-Newport News), '
            'shouted to the crowd.')
    assert span_text(body, ((1, body.index('!"') + 1),)) == "Scott's niece"
    body = "“We will override the veto,” Sen. Dianne Lee, D-Calif., said Tuesday."
    assert span_text(body, ((1, body.index("”")),)) == "Sen. Dianne Lee"


def test_adverbs_and_auxiliaries_closing_a_speaker_are_left_out():
    body = "Insurance industry groups have called it a “bogus advocacy group.”"
    assert span_text(body, ((body.index("“") + 1, body.index("”")),)) == "Insurance industry groups"
    body = "“I’m hoping tough love does it,” Barger was quoted as saying."
    assert span_text(body, ((1, body.index("”")),)) == "Barger"


def test_the_person_a_role_belongs_to_is_the_last_person_named_in_the_speaker():
    body = "“We will sign it,” Clinton spokesman Jesse Lehrich said."
    people = [Person(19, 26, "Hillary Clinton", "PERSON"), Person(37, 50, "Jesse Lehrich", "PERSON")]
    span = speakers.speaker_span(body, ((1, body.index("”")),))
    assert referents.resolve(body, span, people, 1) == ("Clinton spokesman Jesse Lehrich", "Jesse Lehrich")


def test_an_owner_and_the_person_named_after_it_make_the_subject():
    body = "Hunter Biden's attorney Abbe Lowell cast doubt on it, saying “the transcripts show nothing.”"
    people = [Person(0, 12, "Hunter Biden", "PERSON"), Person(24, 35, "Abbe Lowell", "PERSON")]
    start = body.index("saying")
    assert referents.subject(body, 0, start, referents.People(people)) == ("Hunter Biden's attorney Abbe Lowell", "Abbe Lowell")


def test_a_subject_opening_with_a_pronoun_is_the_person_it_points_to():
    body = "Ann Lee spoke. She released a letter from her doctor that says she has “extraordinarily good health.”"
    people = referents.People([Person(0, 7, "Ann Lee", "PERSON")])
    assert referents.subject(body, 15, body.index("says"), people) == ("Ann Lee", "Ann Lee")


def test_two_hyphens_set_off_a_clause_before_the_speaker():
    body = "In normal times -- with some grounding in history -- a reader would now ask: ''What is this?''"
    start = body.index("What")
    assert span_text(body, ((start, body.index("?") + 1),)) == "a reader"


def test_present_tense_verbs_after_a_quote_and_the_agent_of_a_passive_cue():
    body = "“To be fair, she is a young star,” admits Neil."
    assert span_text(body, ((1, body.index("”")),)) == "Neil"
    body = "Chants described by the Campaign Against Hate as “genocidal language” were heard."
    assert span_text(body, ((body.index("“") + 1, body.index("”")),)) == "the Campaign Against Hate"


def test_a_participle_opening_the_sentence_is_no_speaker():
    body = "Asked if taxes could fall further in the budget announced on Wednesday, the Prime Minister said: “No.”"
    assert span_text(body, ((body.index("“") + 1, body.index("”")),)) == "the Prime Minister"


def test_the_verb_prefilter_finds_every_speech_verb():
    """A text the prefilter finds no verb in skips every pattern with a verb: it must miss none."""
    words = (speakers._VERB_WORDS + "|" + speakers._ATTRIBUTING_ONLY).replace("(?<!without )", "").split("|")
    missed = [w for w in words if not speakers._ANY_VERB.search(f"Later the mayor {w}, on Monday")]
    assert not missed and len(words) > 200
    # the apposition patterns' prefilter: a comma, then any verb of theirs
    verbs = speakers._VERB_WORDS.replace("(?<!without )", "").split("|")
    missed = [w for w in verbs if not speakers._COMMA_AND_VERB.search(f"Ann Lee, the mayor,\n{w} on Monday")]
    assert not missed


def test_a_quote_with_no_speech_verb_near_it_still_gets_its_dash_attribution():
    body = "Lee pounded Trump as a “con artist” ― Ann Lee"
    start = body.index("“")
    assert speakers.speaker_span(body, ((start, body.index("”") + 1),)) == (body.index("Ann"), len(body))
