from worker.tagging.quotes import extract


def reported(body: str) -> list[str | None]:
    return [q.get("reported", {}).get("text") for q in extract(body, [])]


def test_quote_ending_with_a_comma_closes_its_clause_before_but():
    body = "Trump is promising lower taxes and “jobs, jobs, jobs,” but he has also sharpened his attacks."
    assert reported(body) == ["lower taxes and “jobs, jobs, jobs,”"]  # "promising" is the cue


def test_quote_interrupted_by_said_but_is_one_quote():
    quotes = extract("“You know, I love Larry,” he said, but “when it comes to energy he is wrong.”", [])
    assert [q["text"] for q in quotes] == ["You know, I love Larry, when it comes to energy he is wrong."]


def test_content_before_a_colon_belongs_to_the_quote():
    body = ("Clinton stressed her record on the raid that killed bin Laden and said she has the essential "
            "quality for the job of president: “Steadiness and strength.”")
    assert reported(body) == ["she has the essential quality for the job of president: “Steadiness and strength.”"]


def test_short_quote_right_after_its_cue_starts_the_content():
    body = "He said “budget reforms” and the collection of unpaid taxes would pay for it."
    assert reported(body) == ["“budget reforms” and the collection of unpaid taxes would pay for it."]


def test_coordinated_clause_opens_a_new_content():
    body = "Trump tweeted that Machado was “disgusting” and encouraged Americans to “check out” the tape."
    assert reported(body) == ["Machado was “disgusting”", "encouraged Americans to “check out” the tape."]


def test_main_clause_after_a_subordinate_one_holds_the_cue():
    body = "While he acknowledged funding was a reason, Ham also noted several “intangibles” left him bitter."
    assert reported(body) == ["several “intangibles” left him bitter."]


def test_that_far_from_the_cue_is_a_relative_pronoun():
    body = "The aide recalled a long and tiring meeting with the whole new team that wrote the plan in a room “full of smoke” then."
    assert reported(body)[0].startswith("a long and tiring meeting")


def test_cue_after_an_earlier_quote_opens_the_next_content():
    body = ("They struck a call for “providing lethal weapons” to Ukraine and put in softer language "
            "calling for “appropriate assistance.”")
    assert reported(body)[1] == "for “appropriate assistance.”"


def test_a_subordinate_clause_reporting_more_speech_goes_on():
    body = "Flynn said Trump was “absolutely right” when he said that the generals were “reduced to rubble.”"
    assert reported(body)[0] == "Trump was “absolutely right” when he said that the generals were “reduced to rubble.”"


def test_when_it_comes_to_does_not_end_the_clause():
    body = 'Lynch said there remains a "big difference in practice," when it comes to how many lawyers work there.'
    assert reported(body) == ['there remains a "big difference in practice," when it comes to how many lawyers work there.']


def test_quote_ending_with_a_comma_closes_its_clause_before_and():
    body = 'He calls men derogatory names, like "pigs," and runs beauty pageants.'
    assert reported(body) == ['men derogatory names, like "pigs,"']


def test_a_clause_put_before_the_speaker_is_reported_content():
    body = 'So when the firm signed the deal, Mr. Barrett said, "we were floored."'
    assert reported(body) == ['So when the firm signed the deal, Mr. Barrett said, "we were floored."']


def test_a_name_characterized_as_a_quoted_phrase():
    body = "Reid, in particular, has been pounding Trump as a “con artist” ― just as he did in 2012."
    assert reported(body) == ["Trump as a “con artist”"]
    body = "Ann Lee openly admires Premier Bo Chen as a “strong leader,” comparing him to others."
    assert reported(body) == ["Premier Bo Chen as a “strong leader,”"]


def test_a_clause_ends_at_a_horizontal_bar():
    body = "The senator said the plan was a “total disaster” ― and then he left the room."
    assert reported(body) == ["the plan was a “total disaster”"]


def test_stressing_is_a_speech_cue():
    body = "The governor is stressing the need to protect the state under “constant attack” from abroad."
    assert reported(body) == ["the need to protect the state under “constant attack” from abroad."]


def test_a_quote_inside_a_sentence_attributed_at_its_end():
    body = "As a boss on “The Show,” Ann Lee demeaned her staff, according to show insiders."
    q = one_quote(body)
    assert q["reported"]["text"] == "As a boss on “The Show,” Ann Lee demeaned her staff"
    assert q["speaker"] == "show insiders"
    assert reported("Voters want a “fresh start,” Ann Lee said on Monday.") == ["Voters want a “fresh start,”"]


def test_an_attribution_opening_the_content_does_not_close_it():
    body = "On the broadcast of “Face the Nation,” Mike Pence said he would not attend the debate."
    assert extract(body, []) == []


def one_quote(body: str) -> dict:
    quotes = extract(body, [])
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_a_mark_closing_a_quote_inside_a_sentence_ends_no_sentence():
    body = ("Pressure is building on Ann Lee, who was greeted with chants of “Bobby!” at a "
            "conference last month, according to the union president.")
    assert reported(body) == [body[:body.index(", according")]]


def test_no_cue_before_the_quote_and_an_attribution_after_it_reports_the_sentence():
    body = "The plan sends a clear message that the priority “is the tax at the top,” Ann Lee said."
    assert reported(body) == ["The plan sends a clear message that the priority “is the tax at the top,”"]


def test_a_term_quoted_after_what_someone_calls_it_sits_in_the_content_around_it():
    body = "The campaign is seeking to contrast her plan with what they call Bo Chen’s “selfish message.”"
    assert reported(body) == [body]


def test_accuse_is_a_speech_cue():
    body = "Ann Lee took to Twitter to accuse the campaign of being “duped” by “a con” last night."
    assert reported(body)[-1] == "the campaign of being “duped” by “a con” last night."


def test_the_content_after_according_to_starts_past_its_source():
    body = "According to conservative host Rush Limbaugh, the move reeks of “fear” and desperation."
    assert reported(body) == ["the move reeks of “fear” and desperation."]


def test_a_subordinate_clause_after_a_partial_quote_stays_in_the_content():
    body = "Palmieri said Trump is reduced to “taunts and insults” because he cannot defend his record."
    assert reported(body) == ["Trump is reduced to “taunts and insults” because he cannot defend his record."]


def test_a_phrase_of_where_or_when_after_the_cue_is_not_content():
    body = "She said in a statement to a colleague in July, RT is “providing a perspective you won't get.”"
    assert reported(body) == ["RT is “providing a perspective you won't get.”"]


def test_a_new_clause_with_its_own_subject_ends_the_content():
    body = "He said the victims “do need to have their day in court” and he does believe the veto will fall."
    assert reported(body) == ["the victims “do need to have their day in court”"]


def test_a_sentence_quoted_after_its_cue_and_a_comma_is_the_whole_content():
    body = "She sang to Clinton before asking her, “I just want to know, where do we go from here?”"
    assert reported(body) == [None]


def test_the_one_told_is_not_in_the_content():
    body = "Trump told the forum he was “totally against the war in Iraq” from the start."
    assert reported(body) == ["he was “totally against the war in Iraq” from the start."]


def test_the_content_follows_by_saying():
    body = "Obama responded to a mother on Wednesday by saying his refusal was a “manufactured” issue."
    assert reported(body) == ["his refusal was a “manufactured” issue."]


def test_a_participle_set_off_by_a_comma_closes_the_reported_clause():
    body = ("The mayor told residents he would take it as a “personal failure” if the bridge stayed shut, "
            "quietly tying his career to the project.")
    assert reported(body) == ["he would take it as a “personal failure” if the bridge stayed shut"]
    body = "She said the cuts would hurt “working families,” including nurses and teachers."
    assert reported(body) == ["the cuts would hurt “working families,” including nurses and teachers."]
