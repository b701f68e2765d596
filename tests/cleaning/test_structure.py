"""Headline and standfirst split, including a standfirst glued to the first paragraph."""

from worker import cleaning
from worker.cleaning import structure

DEK = "Roads and schools win as the local tax is frozen for a second year."
BODY = [
    "The city council approved a new budget on Tuesday after a debate that lasted more than six hours.",
    "Councillors voted 31 to 12 in favour of the plan, with three abstentions from the opposition benches.",
    "The plan raises spending on roads and schools while freezing the local tax rate for a second year.",
]


def test_glued_lead_is_the_first_segment_of_a_line_glued_once():
    assert structure.glued_lead(DEK + BODY[0]) == DEK
    assert structure.glued_lead(BODY[0]) == ""
    assert structure.glued_lead("Too short.Then the paragraph goes on for a while.") == ""
    assert structure.glued_lead(DEK + BODY[0] + BODY[1]) == ""  # glued twice: a run-together text


def test_a_dek_glued_to_the_first_paragraph_becomes_the_standfirst():
    text = "\n".join(["Council approves budget after long debate", DEK + BODY[0]] + BODY[1:])
    article = cleaning.clean({"url": "https://example.org/a", "text": text})
    assert article["title"] == "Council approves budget after long debate"
    assert article["standfirst"] == DEK
    assert article["paragraphs"] == BODY


def test_a_glued_appeal_is_removed_not_taken_for_a_standfirst():
    appeal = "Your support helps us to tell the story and keep our journalism free."
    text = "\n".join(["Council approves budget after long debate", appeal + BODY[0]] + BODY[1:])
    article = cleaning.clean({"url": "https://example.org/a", "text": text})
    assert article["standfirst"] == ""
    assert article["paragraphs"] == BODY
