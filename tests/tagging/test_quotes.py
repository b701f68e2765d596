from worker.tagging.quotes import Person, extract, find_quotes


def one(body: str, people=()) -> dict:
    quotes = extract(body, list(people))
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_said_after_the_quote():
    q = one("“We will not back down on this,” Jane Smith said on Monday.")
    assert (q["text"], q["speaker"]) == ("We will not back down on this,", "Jane Smith")


def test_said_before_the_name():
    assert one('"The plan is dead in the water," said Senator Bob Jones.')["speaker"] == "Senator Bob Jones"


def test_colon_introduction_and_possessive_speaker():
    body = "Rishi Sunak’s spokesman told reporters on Thursday: “Nato is the bedrock of our defence.”"
    q = one(body, [Person(0, 11, "Rishi Sunak", "PERSON")])
    assert (q["speaker"], q["speaker_entity"]) == ("Rishi Sunak’s spokesman", "Rishi Sunak")
    assert body[q["start"]:q["end"]] == q["text"] and "reported" not in q


def test_according_to():
    assert one("According to the ministry, “supplies will last until March at least.”")["speaker"] == "the ministry"


def test_multi_paragraph_quote_is_one_quote():
    body = "She said: “First part of the quote here.\n\n“Second part goes on here.”\n\nOther text."
    q = one(body)
    assert q["text"] == "First part of the quote here.\n\nSecond part goes on here."
    assert q["speaker"] == "She"


def test_interrupted_quote_is_one_quote():
    q = one("“We are ready,” the minister said, “and we will act today.”")
    assert q["text"] == "We are ready, and we will act today."
    assert q["speaker"] == "the minister"


def test_pronoun_resolves_to_the_last_person_named():
    body = "Joe Biden spoke in Ohio. “Jobs are coming back to this state,” he said."
    q = one(body, [Person(0, 9, "Joe Biden", "PERSON")])
    assert (q["speaker"], q["speaker_entity"]) == ("Joe Biden", "Joe Biden")


def test_partial_quote_gets_its_reported_clause():
    body = "The official said Mr Rutte has “serious defence credentials” to be the next chief."
    q = one(body)
    assert q["speaker"] == "The official"
    assert q["reported"]["text"] == "Mr Rutte has “serious defence credentials” to be the next chief."


def test_scare_quotes_are_not_quotes():
    assert extract("The so-called “experts” met in the “Blue Room” today.", []) == []
    assert find_quotes("no quotes at all") == []


def test_following_paragraph_quote_keeps_the_speaker():
    body = "“We will win this fight,” Ann Lee said.\n\n“And we will win the next one too.”"
    assert [q["speaker"] for q in extract(body, [])] == ["Ann Lee", "Ann Lee"]


def test_speaker_with_party_tag_and_leading_conjunction():
    q = one('"This cannot go on," Sen. Claire McCaskill (D-Mo.) said.')
    assert q["speaker"] == "Sen. Claire McCaskill (D-Mo.)"
    body = "Ann Lee spoke. Though she said the plan “will cost far too much money”, it passed."
    q = one(body, [Person(0, 7, "Ann Lee", "PERSON")])
    assert q["speaker"] == "Ann Lee"


def test_a_role_resolves_to_the_person_named_with_it():
    body = "Defence Secretary Grant Shapps visited Kyiv. “We will stand by Ukraine,” the defence secretary said."
    q = one(body, [Person(18, 30, "Grant Shapps", "PERSON")])
    assert (q["speaker"], q["speaker_entity"]) == ("the defence secretary", "Grant Shapps")


def test_reported_speech_takes_the_subject_of_its_cue():
    body = 'Trump unloaded on Cruz. Trump called the senator a "nasty guy," an "anchor baby" and "sick."'
    people = [Person(0, 5, "Donald Trump", "PERSON"), Person(18, 22, "Ted Cruz", "PERSON"),
              Person(24, 29, "Donald Trump", "PERSON")]
    found = extract(body, people)
    assert [q["text"] for q in found] == ["nasty guy,", "anchor baby", "sick."]
    assert {q["speaker_entity"] for q in found} == {"Donald Trump"}


def test_speaker_after_a_dash_clause():
    body = ("When Clinton noted that Trump paid no tax ― as was true for years ― Trump boasted, "
            "“That makes me smart.”")
    assert one(body)["speaker"] == "Trump"


def test_closing_mark_opening_a_paragraph_and_mixed_marks():
    body = "Voters spoke to us.\n”Fear. I am truly afraid of what comes next.” ― Ann Lee"
    assert one(body)["speaker"] == "Ann Lee"
    q = one('“Immunity deals should not be a requirement," Jason Chaffetz said in a statement.')
    assert (q["text"], q["speaker"]) == ("Immunity deals should not be a requirement,", "Jason Chaffetz")


def test_a_show_named_before_the_speaker_is_not_a_quote():
    body = "On this weekend’s broadcast of “Fox News Sunday,” Gov. Mike Pence said he would not attend."
    assert extract(body, []) == []


def test_speaker_closing_the_sentence_after_a_partial_quote():
    body = "A cashier who “steals a handful of notes” is held accountable, Warren said."
    q = one(body, [Person(body.index("Warren"), body.index("Warren") + 6, "Elizabeth Warren", "PERSON")])
    assert (q["speaker"], q["speaker_entity"]) == ("Warren", "Elizabeth Warren")


def test_partial_quote_without_a_cue_takes_the_first_person_of_its_sentence():
    body = "Reid has gone after Trump as a “human leech who will bleed the country” for weeks."
    people = [Person(0, 4, "Harry Reid", "PERSON"), Person(20, 25, "Donald Trump", "PERSON")]
    assert one(body, people)["speaker_entity"] == "Harry Reid"


def test_quote_after_a_sentence_with_a_cue_takes_its_subject():
    body = ("His partner, Larry Cummings, called him a master of deals. "
            "“He showed again and again an ability to close deals.”")
    q = one(body, [Person(13, 27, "Larry Cummings", "PERSON")])
    assert q["speaker_entity"] == "Larry Cummings"


def test_title_dot_ends_no_sentence():
    body = "Ben Rhodes recalled Mr. Obama talking about “the way old societies fail,” a best seller."
    q = one(body, [Person(0, 10, "Ben Rhodes", "PERSON"), Person(24, 29, "Barack Obama", "PERSON")])
    assert q["speaker_entity"] == "Ben Rhodes"


def test_title_inside_the_attribution_joins_the_two_fragments():
    body = "“He is right,” Flynn, a surrogate, said on Fox News’s “Fox and Friends.” “There is frustration.”"
    q = one(body)
    assert (q["text"], q["speaker"]) == ("He is right, There is frustration.", "Flynn")


def test_quote_inside_a_straight_quote_does_not_close_it():
    body = '"Well, she thinks this is an episode of “Shark Tank.” But this is serious business," he said.'
    assert one(body)["text"] == "Well, she thinks this is an episode of “Shark Tank.” But this is serious business,"


def test_transcript_turns_are_quotes_of_their_speakers():
    body = ('Transcript:\n\n"WALLACE: Will she be there tomorrow night?\n\n'
            '"PENCE: She will not be attending the debate.\n\n"WALLACE: Thank you for your time today."')
    assert [q["speaker"] for q in extract(body, [])] == ["WALLACE", "PENCE", "WALLACE"]


def test_as_someone_put_it():
    body = "He is seen, as The New Yorker put it in a long profile, “the operator.”"
    assert one(body, [Person(18, 32, "The New Yorker", "ORG")])["speaker"] == "The New Yorker"


def test_pronoun_is_the_subject_of_its_sentence_before_the_nearest_name():
    body = ("Clinton praised the raid that killed Osama bin Laden and said she has the quality for the job: "
            "“Steadiness and strength.”")
    people = [Person(0, 7, "Hillary Clinton", "PERSON"), Person(37, 52, "Osama bin Laden", "PERSON")]
    assert one(body, people)["speaker_entity"] == "Hillary Clinton"


def test_a_fragment_running_on_into_the_sentence_is_a_quote_of_its_own():
    body = "“This just isn’t right,” Ann Lee said. “You squeezed employees” to drive up the price."
    assert [q["text"] for q in extract(body, [])] == ["This just isn’t right,", "You squeezed employees"]


def test_a_nickname_between_names_is_not_a_quote():
    body = '"This is a big year for us!" her niece, Marcia "Cia" Price, shouted to the crowd.'
    assert [q["text"] for q in extract(body, [])] == ["This is a big year for us!"]


def test_a_quote_joined_to_a_quote_before_it_is_said_too():
    body = "Ann Lee called the winner “Miss Piggy” and “Miss Housekeeping” in 1996."
    quotes = extract(body, [Person(0, 7, "Ann Lee", "PERSON")])
    assert [(q["text"], q["speaker"]) for q in quotes] == [("Miss Piggy", "Ann Lee"), ("Miss Housekeeping", "Ann Lee")]


def test_a_second_speech_verb_in_the_gap_splits_the_quote():
    body = "“Promise you will stay,” Ann Lee sings to Bo before asking him, “Where do we go from here?”"
    assert [q["text"] for q in extract(body, [])] == ["Promise you will stay,", "Where do we go from here?"]


def test_a_title_after_the_word_for_its_work_is_not_a_quote():
    body = "In his 2002 book, “Make Your Kid a Millionaire,” Mr. Bo Chen suggested saving more."
    assert extract(body, []) == []


def test_it_goes_without_saying_is_no_speech_cue():
    body = "It goes without saying that many Democrats dream of a “Grand Bargain” on taxes."
    assert extract(body, []) == []


def test_an_attribution_closing_the_sentence_beats_a_subject_inside_the_content():
    body = "The number of voters who say they would stay home is a “measure of disaffection” with Biden, Ann Lee said."
    assert one(body)["speaker"] == "Ann Lee"
    body = "The union called Clinton a “champion” for its members, citing her work after the Sept. 11 attacks."
    assert one(body)["speaker"] == "The union"


def test_a_curly_quote_inside_a_curly_quote_does_not_close_it():
    body = "“We expect Georgia’s “Citizens Only Voting” amendment to pass soon,” he said."
    assert one(body)["text"] == "We expect Georgia’s “Citizens Only Voting” amendment to pass soon,"


def test_a_quote_of_its_own_paragraph_goes_on_with_the_speaker_before_when_no_one_else_is_named():
    body = ("“We picked America because Americans understand brands,” Ann Lee said, adding that the brand "
            "itself is not well known in the country yet.\n\n“It is my job to get investors excited.”")
    assert [q["speaker"] for q in extract(body, [])] == ["Ann Lee", "Ann Lee"]
    body = body.replace("adding that the brand", "while Bob Roe said the brand")
    people = [Person(body.index("Bob"), body.index("Bob") + 7, "Bob Roe", "PERSON")]
    assert extract(body, people)[1]["speaker"] != "Ann Lee"


def test_a_colon_without_a_speech_verb_introduces_the_first_person_of_the_sentence():
    body = "Kirsten Callaghan met wildlife while filming: “Mackerel swam by my face a lot of the time.”"
    q = one(body, [Person(0, 17, "Kirsten Callaghan", "PERSON")])
    assert q["speaker_entity"] == "Kirsten Callaghan"


def test_participles_and_promises_are_speech_cues():
    body = "Ann Lee filed a lawsuit, claiming “religious discrimination.”"
    assert one(body, [Person(0, 7, "Ann Lee", "PERSON")])["speaker_entity"] == "Ann Lee"
    body = "Ann Lee promises “a spectacle” in her show."
    assert one(body, [Person(0, 7, "Ann Lee", "PERSON")])["speaker_entity"] == "Ann Lee"


def test_an_attribution_after_a_full_stop_and_before_a_comma_opens_a_new_quote():
    body = "She says Trump represents the “same rigged system.” She adds, “What kind of genius loses?”"
    assert [q["text"] for q in extract(body, [])] == ["same rigged system.", "What kind of genius loses?"]


def test_the_one_told_is_not_the_speaker():
    body = "Gia Gunn, a contestant, told New York, “There were women putting their transitions on hold.”"
    q = one(body, [Person(0, 8, "Gia Gunn", "PERSON"), Person(body.index("New York"), body.index("New York") + 8, "New York", "GPE")])
    assert q["speaker_entity"] == "Gia Gunn"


def test_a_title_after_more_words_for_works_is_not_a_quote():
    assert extract("The December 28 article “Screams Without Words” opened with her story.", []) == []
    assert extract("Posts came from an account named “Mossad Commentary.” Nobody runs it.", []) == []


def test_a_quote_after_a_sentence_closed_by_an_attribution_takes_its_speaker():
    body = "The plan will hurt the poor, Ann Lee said. “It is cruel and it will not pass.”"
    assert one(body, [Person(29, 36, "Ann Lee", "PERSON")])["speaker_entity"] == "Ann Lee"
    body = "Ms Lee, who presents the show tells Bo that she despaired of him. “He was too hard.”"
    assert one(body)["speaker"] != "who presents the show"


def test_a_quote_of_its_own_paragraph_takes_the_speaker_the_paragraph_before_closes_with():
    body = "Ann Lee remembered how a colleague called all women Betty.\n\n“When I said no, he laughed.”"
    assert one(body, [Person(0, 7, "Ann Lee", "PERSON")])["speaker_entity"] == "Ann Lee"


def test_a_fragment_of_several_sentences_running_on_stays_in_the_quote():
    body = ("''It's more tinkering,'' said Al Cole, an economist. ''I wouldn't call it reform. "
            "It's basically just a tax increase'' for the top bracket.")
    q = one(body)
    assert q["text"].startswith("It's more tinkering, I wouldn't call it reform.") and q["speaker"] == "Al Cole"


def test_a_first_fragment_running_on_into_the_attribution_is_joined_to_the_next():
    body = "“I have admiration for the mechanics” of the plans, Mr. Bo Holt said. “But I have concerns.”"
    q = one(body)
    assert (q["text"], q["speaker"]) == ("I have admiration for the mechanics But I have concerns.", "Mr. Bo Holt")


def test_a_quote_opening_the_body_takes_no_speaker_from_later_paragraphs():
    body = ("“We will win this fight for every family in the county.”\n\nThe plan was announced on Monday.\n\n"
            "It fails the poor, Bob Roe said.")
    bob = body.index("Bob")
    [quote] = extract(body, [Person(bob, bob + 7, "Bob Roe", "PERSON")])
    assert (quote["speaker"], quote["speaker_entity"]) == (None, None)


def _people(body: str, *names: str) -> list[Person]:
    import re
    return sorted(Person(m.start(), m.end(), name, "PERSON") for name in names for m in re.finditer(re.escape(name), body))


def test_pronoun_points_to_the_cue_subject_not_a_person_inside_the_reported_content():
    body = ("Mark Ortiz claimed that Peter Hall was behind the leak. "
            "He also accused Hall of “wrecking the party to save himself”.")
    q = one(body, _people(body, "Mark Ortiz", "Peter Hall", "Hall"))
    assert q["speaker_entity"] == "Mark Ortiz"


def test_pronoun_cue_subject_followed_back_through_a_pronoun():
    body = ("Sam Lee said he grew up in Leeds. And he said there was one player he would love to coach - Tom Reyes. "
            "He said that the striker was a “rare, gifted talent”.")
    assert one(body, _people(body, "Sam Lee", "Tom Reyes"))["speaker_entity"] == "Sam Lee"


def test_cue_subject_after_a_subordinating_conjunction():
    body = "Party chair Dan Moss was speaking after Mr Grant told supporters the rivals offered a “cruel and empty plan”."
    assert one(body, _people(body, "Dan Moss", "Grant"))["speaker_entity"] == "Grant"


def test_the_cue_nearest_the_colon_introduces_the_quote():
    body = "Ruth Okafor said she was there when nurses told the family: “We could not save him.”"
    assert one(body, _people(body, "Ruth Okafor"))["speaker"] == "nurses"


def test_a_month_taken_for_a_person_is_no_speaker():
    body = "Dan Moss spoke on Friday. The May jobs data is “a strong report for the whole country,” he said."
    q = one(body, _people(body, "Dan Moss", "May"))
    assert q["speaker_entity"] == "Dan Moss"


def test_as_x_puts_it_before_a_quote():
    body = "The tool links the two apps to — as Ann Lee puts it — “bring automation to anyone who copies text.”"
    assert one(body, _people(body, "Ann Lee"))["speaker_entity"] == "Ann Lee"


def test_the_sentence_after_a_quote_ending_with_a_space_opens_no_attribution():
    body = 'Sara Teal told researchers: "It is like an old club. "I have always said it is a school.'
    assert extract(body, _people(body, "Sara Teal"))[0]["speaker_entity"] == "Sara Teal"


def test_an_attribution_closing_the_sentence_before_beats_the_previous_speaker():
    body = ("“Few towns have a cinema,” said Tom Reyes. New screens cost less than old ones, said Ms Lee. "
            "“A copy of a film costs very little now.”")
    quotes = extract(body, _people(body, "Tom Reyes", "Lee"))
    assert [q["speaker_entity"] for q in quotes] == ["Tom Reyes", "Lee"]


def test_a_person_named_after_the_reported_content_is_no_content():
    body = ("Ivan Petrov won last week and then claimed the title would be his, but Sam Lee is unfazed. "
            "He admitted: “He looked good in that race and deserved it.”")
    assert one(body, _people(body, "Ivan Petrov", "Sam Lee"))["speaker_entity"] == "Sam Lee"


def test_the_one_told_is_no_speaker_after_a_nickname():
    body = 'Ann Cole, one of the so-called "Blue Girls" elected in 1997, told researchers: "I remember the jeers in the chamber."'
    last = extract(body, _people(body, "Ann Cole"))[-1]
    assert (last["text"], last["speaker_entity"]) == ("I remember the jeers in the chamber.", "Ann Cole")


def test_closing_attribution_followed_by_appositions():
    body = ("That the mayor signed the plan shows a “very serious commitment” to clean air, says Ann Lee, "
            "an analyst at the Centre, a think tank in Oslo.")
    assert one(body, _people(body, "Ann Lee"))["speaker_entity"] == "Ann Lee"


def test_the_subject_of_a_passive_cue_is_no_speaker():
    body = "Local nurses and their teams have been urged to “stay alert when they travel home at night”."
    assert one(body)["speaker"] is None


def test_a_second_part_with_its_own_attribution_is_a_quote_of_its_own():
    body = ('"It is a good day for the town," said local analyst Ann Lee. '
            '"The new rules could bring many more shops here," added banker Tom Reyes.')
    quotes = extract(body, _people(body, "Ann Lee", "Tom Reyes"))
    assert [q["speaker_entity"] for q in quotes] == ["Ann Lee", "Tom Reyes"]
