from worker.tagging.duplicates import DuplicateIndex

TEXT = " ".join(f"word{i} appears in sentence number {i} of the story." for i in range(60))


def test_near_duplicate_points_at_the_earlier_article():
    index = DuplicateIndex(capacity=10)
    assert index.check("a", TEXT) is None
    found = index.check("b", TEXT.replace("word5 ", "changed "))
    assert found["id"] == "a" and 0.8 <= found["similarity"] < 1.0
    assert index.check("c", "something else entirely, nothing in common with the rest") is None


def test_never_itself_and_stable_on_reprocessing():
    index = DuplicateIndex(capacity=10)
    first = [index.check("a", TEXT), index.check("b", TEXT)]
    again = [index.check("a", TEXT), index.check("b", TEXT)]
    assert first == again == [None, {"id": "a", "similarity": 1.0}]


def test_memory_is_bounded_by_capacity():
    index = DuplicateIndex(capacity=2)
    index.check("a", TEXT)
    index.check("x", "one two three four five six")
    index.check("y", "seven eight nine ten eleven twelve")
    assert index.check("b", TEXT) is None  # "a" was forgotten
    assert len(index) == 2


def test_signatures_are_deterministic():
    assert DuplicateIndex().signature(TEXT) == DuplicateIndex().signature(TEXT)
