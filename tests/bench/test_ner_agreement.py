"""The retraining check lists, entity by entity, what a model finds that the baseline does not."""

from bench.ner.agreement import differences


def _article(name: str, *entities: tuple[str, str, int]) -> dict:
    return {"id": name, "entities": [{"name": n, "type": t, "count": c} for n, t, c in entities]}


def test_each_side_s_own_entities_are_listed_most_mentioned_first():
    ours = [_article("a", ("Lacerda", "ORG", 11), ("Tom Reyes", "PERSON", 2))]
    theirs = [_article("a", ("Marina Lacerda", "PERSON", 10), ("Tom Reyes", "PERSON", 2))]
    assert [line for _, line in differences(ours, theirs)] == [
        "a: model only: Lacerda (ORG, 11 mentions)",
        "a: baseline only: Marina Lacerda (PERSON, 10 mentions)",
    ]


def test_the_same_name_with_another_type_is_a_difference():
    ours, theirs = [_article("a", ("Jasper", "ORG", 4))], [_article("a", ("Jasper", "GPE", 4))]
    assert len(differences(ours, theirs)) == 2
    assert differences(ours, ours) == []
