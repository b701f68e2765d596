"""Lines as model units: glued lines cut at the glue, kept segments joined back with a space."""

import pytest

from worker.cleaning import boilerplate, glue
from worker.cleaning.features import (Unit, looks_like_page, publisher_names, text_facts, unit_features,
                                      unit_numbers)
from worker.cleaning.units import join_kept, split_lines


@pytest.mark.parametrize("text, parts", [
    ("Your support makes all the difference.Britain has", ["Your support makes all the difference.", "Britain has"]),
    ("Sign up to receive it in your in-box.[What we are watching", ["Sign up to receive it in your in-box.",
                                                                    "[What we are watching"]),
    ("No school should be punished for believing in biology.A basketball coach",
     ["No school should be punished for believing in biology.", "A basketball coach"]),
    ("(Getty Images/Twitter).AudioFile praised", ["(Getty Images/Twitter).", "AudioFile praised"]),
    ("It all changed.“We were told", ["It all changed.", "“We were told"]),
    ("The U.S. Army and U.S.A. teams met at 7.04% growth.", ["The U.S. Army and U.S.A. teams met at 7.04% growth."]),
    ("Send tips to Anders.Hagstrom@Fox.com, or on Twitter.", ["Send tips to Anders.Hagstrom@Fox.com, or on Twitter."]),
    ("By Dolores Chang For Dailymail.Com", ["By Dolores Chang For Dailymail.Com"]),
    ("He owns www.WorldTruth.TV. This website", ["He owns www.WorldTruth.TV. This website"]),
    ("Net income fell.Net sales rose.", ["Net income fell.", "Net sales rose."]),
    ("It was announced at the Town Hall.Co-founder Ann Lee said", ["It was announced at the Town Hall.",
                                                                  "Co-founder Ann Lee said"]),
])
def test_glue_segments(text, parts):
    assert glue.segments(text) == parts


def test_glued_line_becomes_one_unit_per_segment_and_is_joined_back():
    lines = ["First line of the story.", "An appeal to readers.The second body sentence.", "Last."]
    units, owners = split_lines(lines)
    assert [u.text for u in units] == ["First line of the story.", "An appeal to readers.",
                                       "The second body sentence.", "Last."]
    assert [u.glue for u in units] == ["", "first", "last", ""]
    assert owners == [0, 1, 1, 2]
    assert join_kept(units, owners, [True, False, True, True]) == [
        "First line of the story.", "The second body sentence.", "Last."]
    assert join_kept(units, owners, [True, True, True, False]) == [
        "First line of the story.", "An appeal to readers. The second body sentence."]


def test_a_line_glued_at_several_points_is_text_run_together():
    units, owners = split_lines(["The vote was close.Councillors argued for hours.The plan passed."])
    assert [u.text for u in units] == ["The vote was close.", "Councillors argued for hours.", "The plan passed."]
    assert [u.glue for u in units] == ["", "", ""]
    assert owners == [0, 0, 0]


def test_features_name_shape_words_and_context():
    units = [Unit("Sign up for our newsletter"), Unit("The mayor of Springfield said on Monday that the bridge "
                                                      "would reopen in May after repairs."),
             Unit("Springfield residents welcomed the news.", "last")]
    first, second, third = unit_features(units, title="Springfield bridge to reopen")
    assert {"w:newsletter", "w:sign", "first:sign", "first2:sign_up", "end:other"} <= first
    assert {"end:.", "start:upper"} <= second and "names:3" in second  # one name of three (Springfield) is known
    assert "glue:last" in third
    assert not any(name.startswith(("pos:", "from_start:", "from_end:")) for name in first | second | third)


def test_page_needs_many_units_that_are_mostly_not_sentences():
    menu = [Unit(word) for word in "Home News Sport Business Culture Travel Weather Video Audio Search".split()]
    sentences = [Unit("The council approved the new budget on Tuesday after a long debate.")] * 5
    assert looks_like_page(menu * 2 + sentences)
    assert not looks_like_page(menu[:5] + sentences)
    assert not looks_like_page(sentences * 5)


def test_article_features_say_what_a_sentence_shares_with_its_neighbours():
    units = [Unit("The Springfield bridge will reopen in May after repairs, the mayor said on Tuesday."),
             Unit("A farmer drives a tractor past a protest in Madrid, Spain, Monday, Feb. 26, 2024."),
             Unit("Springfield residents welcomed the bridge news and the May reopening.")]
    plain = unit_features(units, title="Springfield bridge to reopen")
    first, caption, third = unit_features(units, title="Springfield bridge to reopen", article=True)
    assert "ends:date" in caption and "around:0|bridged:1|sentence:1" in caption
    assert any(name.startswith("around:") and name != "around:0" for name in first)
    assert not any(name.startswith(("around:", "ends:date", "common:")) for row in plain for name in row)


def test_overlaps_count_what_a_unit_shares_with_the_text_the_title_and_its_neighbours():
    units = [Unit("The Springfield bridge will reopen in May after repairs, the mayor said on Tuesday."),
             Unit("A farmer drives a tractor past a protest in Madrid, Spain, Monday, Feb. 26, 2024."),
             Unit("Springfield residents welcomed the bridge news and the May reopening."),
             Unit("...")]
    first, caption, third, empty = text_facts(units, "Springfield bridge to reopen").overlaps
    # "sprin", "bridg" and "reope" (of "reopening" too) are in the title and in both the first and third units
    assert (first.repeated, first.in_title, first.near, first.neighbours, first.bridged) == (3, 3, 0, True, False)
    assert (caption.repeated, caption.near, caption.bridged) == (0, 0, True)
    assert (third.repeated, third.in_title, third.near, third.neighbours) == (3, 3, 0, True)
    # known names: "may" (in two units) and the title's words; a unit's first word is not read as a name
    assert (first.names, caption.names, third.names) == (2, 0, 1)
    assert empty == (0, 0, 0, True, False, 0)


@pytest.mark.parametrize("source, url, names", [
    ("TheGuardian", "https://www.theguardian.com/world/1", {"theguardian", "guardian"}),
    ("APNews", "https://apnews.com/article/1", {"apnews", "ap"}),
    ("The Nation", "https://www.thenation.com/article/1", {"thenation", "nation"}),
    ("", "https://edition.cnn.com/2024/1", {"cnn"}),
    ("BBC", "not a url", {"bbc"}),
    ("", "", set()),
])
def test_publisher_names_come_from_the_source_and_the_url_host(source, url, names):
    assert publisher_names(boilerplate.source_key({"source": source, "url": url})) == names


NAMING = {  # source: (url, unit texts, whether each names the publisher)
    "Reuters": ("https://www.reuters.com/x", [
        "LONDON, March 4 (Reuters) - The bank raised its rates on Monday, its first rise in a year.",
        "Reuters, the news and media division of Thomson Reuters, is the largest news provider.",
        "The bank said the reuters of the world would wait.",
        "Sign up to Example Daily for the news that matters."], [False, True, False, False]),
    "The Independent": ("https://www.independent.co.uk/x", [
        "The independent inquiry reported to the department on Tuesday, its chair said.",
        "Support The Independent's journalism by making a contribution today.",
        "A spokesperson for the government department declined to comment on it.",
        "PARIS (AFP) - Independent observers said the count was fair."], [False, True, False, True]),
}


@pytest.mark.parametrize("source", NAMING)
def test_a_unit_names_its_publisher_in_capitalised_words_not_in_a_dateline_nor_by_sharing_letters(source):
    url, texts, naming = NAMING[source]
    units = [Unit(text) for text in texts]
    facts = text_facts(units, "", publisher_names(boilerplate.source_key({"source": source, "url": url})))
    assert facts.publisher == naming
    assert [("names:publisher" in row) for row in unit_features(units, facts=facts)] == naming
    assert [row[-1] for row in unit_numbers(units, facts)] == [float(flag) for flag in naming]
    assert text_facts(units, "").publisher == [False] * len(units)  # no source known: nothing names it
