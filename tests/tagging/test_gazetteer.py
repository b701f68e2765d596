from worker.tagging import gazetteer
from worker.tagging.gazetteer import Entry, Gazetteer

G = gazetteer.load()


def names(text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.entry.name) for m in G.find(text)]


def test_case_sensitive_with_word_boundaries():
    assert names("Let us go to the US and the UK.") == [("US", "United States"), ("UK", "United Kingdom")]
    assert names("USA Today and Ukraine") == [("USA", "United States"), ("Ukraine", "Ukraine")]
    assert names("Britain’s leaders") == [("Britain", "United Kingdom")]
    assert names("Kyivan") == []


def test_longest_match_wins():
    assert names("in the United States of America") == [("United States of America", "United States")]
    assert names("to New York City") == [("New York City", "New York")]


def test_aliases_demonyms_and_ids():
    matches = {G.find(t)[0].entry for t in ("Nato", "North Atlantic Treaty Organization", "NATO")}
    assert matches == {Entry("NATO", "ORG")}
    dutch = G.find("the Dutch premier")[0].entry
    assert (dutch.name, dutch.type, dutch.ids, dutch.demonym) == ("Netherlands", "GPE", (("iso3166_1", "NL"),), True)
    assert G.find("Kyiv")[0].entry.ids == (("country", "UA"),)
    assert G.find("Russia")[0].entry.ids == (("iso3166_1", "RU"),)


def test_capitals_form_for_headlines_but_not_short_names():
    assert names("JAPAN BEAT CHINA") == [("JAPAN", "Japan"), ("CHINA", "China")]
    custom = Gazetteer({"Chad": Entry("Chad", "GPE"), "EU": Entry("European Union", "ORG")})
    assert [m.entry.name for m in custom.find("CHAD and EU")] == ["Chad", "European Union"]
