from worker.cleaning.normalise import REPAIRED_LINES, lines_of, normalise_text, repair


def test_mojibake_and_entities_are_repaired_and_curly_quotes_kept():
    assert normalise_text("The cafÃ© opened.\n“Quite,” she said of A&amp;E.") == \
        "The café opened.\n“Quite,” she said of A&E."


def test_only_the_damaged_lines_are_handed_to_the_repair():
    text = "Plain line.\nThe cafÃ© opened."
    assert repair(text) == "Plain line.\nThe café opened."
    assert repair("Nothing to repair here.") == "Nothing to repair here."


def test_repair_stops_after_its_line_budget():
    damaged = "The cafÃ© opened."
    lines = repair("\n".join([damaged] * (REPAIRED_LINES + 3))).split("\n")
    assert lines[:REPAIRED_LINES] == ["The café opened."] * REPAIRED_LINES
    assert lines[REPAIRED_LINES:] == [damaged] * 3


def test_spaces_collapse_and_line_breaks_unify():
    assert normalise_text("a  b\u00a0c\td \u00a0 e\r\nf\rg\u2028h") == "a b c d e\nf\ng\nh"
    assert normalise_text("one two three") == "one two three"


def test_invisible_characters_go_and_lines_are_trimmed():
    assert lines_of("  soft\u00adhy\u200bphen \n\n\ufeffnext\x07 ") == ["softhyphen", "next"]


def test_what_screen_readers_are_told_about_a_link_goes():
    assert normalise_text("The index (.GSPTSE), opens new tab on Friday closed higher.") == \
        "The index (.GSPTSE) on Friday closed higher."
    assert lines_of("Sunday TimesOpens in new window\nRead the report (opens in a new tab) today.") == \
        ["Sunday Times", "Read the report today."]


def test_a_sentence_about_tabs_and_windows_stays():
    for text in ("Firefox opens new tab pages faster, the company said.",
                 "The shop opens in a new window display on Monday.",
                 "A new window opens, she said, onto the square."):
        assert normalise_text(text) == text
