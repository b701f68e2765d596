import copy

from worker.core import schemas
from worker.tagging.document import Document

PEOPLE = {"Mark Rutte", "Jens Stoltenberg", "Rishi Sunak", "Joe Biden", "Donald Trump", "Ben Wallace",
          "Grant Shapps", "Lord Cameron"}
COUNTRIES = {"United Kingdom": "GB", "Netherlands": "NL", "Ukraine": "UA", "Russia": "RU", "United States": "US"}


def by_name(result: dict) -> dict:
    return {e["name"]: e for e in result["entities"]}


def test_sample_people_are_exactly_the_eight_with_one_entry_each(sample_result):
    people = [e["name"] for e in sample_result["entities"] if e["type"] == "PERSON"]
    assert sorted(people) == sorted(PEOPLE)


def test_sample_nato_is_one_org(sample_result):
    nato = [e for e in sample_result["entities"] if "nato" in e["name"].lower()]
    assert [(e["name"], e["type"]) for e in nato] == [("NATO", "ORG")]
    assert nato[0]["count"] >= 12  # title, body and the "Nato 2030" mention


def test_sample_countries_have_iso_codes(sample_result):
    entities = by_name(sample_result)
    for name, code in COUNTRIES.items():
        assert entities[name]["type"] == "GPE"
        assert entities[name]["ids"] == {"iso3166_1": code}


def test_sample_model_errors_are_fixed(sample_result):
    entities = by_name(sample_result)
    assert entities["Kyiv"]["type"] == "GPE"
    assert "Defence" not in entities and "Briton" not in entities and "Dutchman" not in entities
    assert "Briton" in [m["text"] for m in entities["United Kingdom"]["mentions"]]


def test_sample_short_and_titled_mentions_resolve_to_full_names(sample_result, sample_article):
    entities = by_name(sample_result)
    rutte = [m for m in entities["Mark Rutte"]["mentions"] if "field" not in m]
    assert {m["text"] for m in rutte} == {"Mark Rutte", "Rutte"}
    assert len(rutte) == sample_article["body"].count("Rutte")
    assert [m["text"] for m in entities["Rishi Sunak"]["mentions"]] == ["Rishi Sunak", "Sunak"]


def test_mention_offsets_point_into_their_field(sample_result, sample_article):
    for entity in sample_result["entities"]:
        assert entity["count"] == len(entity["mentions"])
        for m in entity["mentions"]:
            text = sample_article[m.get("field", "body")]
            assert text[m["start"]:m["end"]] == m["text"]


def test_salience_favours_the_headline_entities(sample_result):
    entities = by_name(sample_result)
    ranked = [e["name"] for e in sample_result["entities"]]
    assert ranked[0] == "NATO" and entities["NATO"]["salience"] == 1.0
    assert entities["Mark Rutte"]["salience"] > entities["Joe Biden"]["salience"]
    assert [e["salience"] for e in sample_result["entities"]] == sorted(
        (e["salience"] for e in sample_result["entities"]), reverse=True)


def test_sample_topics_keywords_quotes_language(sample_result):
    assert sample_result["topics"][0]["code"] == "medtop:11000000"
    assert [t["score"] for t in sample_result["topics"]] == sorted((t["score"] for t in sample_result["topics"]), reverse=True)
    names = {e["name"].lower() for e in sample_result["entities"]}
    assert sample_result["keywords"] and not names & {k["text"] for k in sample_result["keywords"]}
    speakers = [(q["speaker"], q["speaker_entity"]) for q in sample_result["quotes"]]
    assert ("Rishi Sunak’s spokesman", "Rishi Sunak") in speakers
    assert sample_result["language"]["code"] == "en" and sample_result["language"]["confidence"] > 0.9


def test_output_is_schema_valid_and_keeps_cleaned_fields(sample_result, sample_article):
    assert schemas.errors("enriched-article.v1", sample_result) == []
    for field in ("id", "title", "standfirst", "body", "paragraphs", "content_hash"):
        assert sample_result[field] == sample_article[field]
    assert sample_result["provenance"]["stages"]["tag"]["ner"] is True


def test_reprocessing_gives_the_same_payload(tagger, sample_article, sample_result):
    again = tagger.tag_many([copy.deepcopy(sample_article)])[0]
    assert again == sample_result
    assert again["duplicate_of"] is None


def test_an_edited_copy_is_a_near_duplicate_of_the_sample(tagger, sample_article, sample_result, make_article):
    paragraphs = sample_article["paragraphs"][:-1] + ["An extra closing line from another desk."]
    copy_ = make_article(sample_article["title"], sample_article["standfirst"], paragraphs, id_="sample-copy")
    result = tagger.tag_many([copy_])[0]
    assert result["duplicate_of"]["id"] == "sample"
    assert 0.8 <= result["duplicate_of"]["similarity"] < 1


def test_batches_give_the_same_result_as_single_articles(tagger, sample_article, sample_result, make_article):
    other = make_article("Floods hit the north", "", ["Heavy rain flooded towns across Scotland on Monday."], id_="o")
    batch = tagger.tag_many([other, sample_article])
    assert batch[1] == sample_result


def test_non_english_article_skips_the_model_but_keeps_gazetteer_entities(tagger, make_article):
    dutch = make_article("Rutte gaat naar de NAVO",
                    "Nederland steunt de kandidatuur van de premier.",
                    ["Het kabinet in Den Haag zegt dat Nederland en Duitsland de steun aan Oekraïne "
                     "voortzetten. De NAVO en de EU overleggen in Brussel met Washington."], id_="nl")
    result = tagger.tag_many([dutch])[0]
    assert result["language"]["code"] == "nl"
    assert result["provenance"]["stages"]["tag"]["ner"] is False
    assert "skipped" in result["provenance"]["stages"]["tag"]
    assert result["topics"] == [] and result["keywords"] == []
    names = {e["name"] for e in result["entities"]}
    assert {"European Union", "Washington"} <= names  # English gazetteer names
    assert not [e for e in result["entities"] if e["type"] == "PERSON"]
    assert schemas.errors("enriched-article.v1", result) == []


def test_document_joins_fields_and_maps_offsets_back():
    doc = Document.of({"title": "Ab", "standfirst": "Cd", "body": "Ef gh"})
    start = doc.text.index("gh")
    assert doc.span(start, start + 2) == {"start": 3, "end": 5, "text": "gh"}
    assert doc.span(0, 2) == {"start": 0, "end": 2, "text": "Ab", "field": "title"}
    assert doc.field_of(1, doc.text.index("Cd") + 1) is None
