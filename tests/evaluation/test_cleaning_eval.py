"""The cleaning evaluation: shingle scores, and the command on a tiny labelled set."""

import gzip
import json

import pytest

from worker.cleaning import model
from worker.evaluation import cleaning as ev
from worker.evaluation import _cleaning_data as data


def test_shingles_count_with_multiplicity():
    assert ev.shingles("a b c d a b c d") == {("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1,
                                              ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1}
    assert ev.shingles("It's, here!") == {("It", "s", "here"): 1}
    assert ev.shingles("") == {}


def test_page_scores():
    gold = "one two three four five six"
    assert ev.page_scores(gold, gold) == (1.0, 1.0)
    precision, recall = ev.page_scores("one two three four five six seven eight nine", gold)
    assert precision == pytest.approx(3 / 6) and recall == 1.0
    assert ev.page_scores("", gold) == (0.0, 0.0)


def test_f1_from_averages():
    results = ev.evaluate(
        [{"publisher": "A", "gold": "w1 w2 w3 w4 w5"}, {"publisher": "B", "gold": "w1 w2 w3 w4 w5"}],
        {"s": lambda page: "w1 w2 w3 w4 w5" if page["publisher"] == "A" else "x1 x2 x3 x4"})
    overall = results["s"]["overall"]
    assert (overall["precision"], overall["recall"], overall["pages"]) == (0.5, 0.5, 2)
    assert overall["f1"] == pytest.approx(0.5)
    assert results["s"]["A"]["f1"] == 1.0 and results["s"]["B"]["f1"] == 0.0


def _labelled_folder(tmp_path):
    body = ["The council approved a new budget on Tuesday after a debate that lasted six hours.",
            "Councillors voted 31 to 12 in favour of the plan, with three abstentions from the opposition.",
            "The plan raises spending on roads and schools while freezing the local tax for a second year."]
    html = ("<html><head><title>Budget approved | Example</title></head><body><nav>Home News Sport</nav>"
            "<article><h1>Budget approved</h1>" + "".join(f"<p>{p}</p>" for p in body)
            + "<p>Advertisement</p><p>Sign up to our newsletter, delivered straight to your inbox.</p>"
            + "</article><footer>Follow us on social media for the latest news and views.</footer></body></html>")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "Example_0.html.gz").write_bytes(gzip.compress(html.encode()))
    (tmp_path / "ground_truth.json").write_text(json.dumps({"Example_0.html.gz": {"body": body, "url": "https://e.org/a"}}))
    return body


def test_command_scores_three_modes_beside_trafilatura_and_the_input(tmp_path, capsys):
    _labelled_folder(tmp_path)
    assert ev.main(["--data", str(tmp_path), "--json", "--shipped-model"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert set(results) == {"html", "text", "inline"}
    for mode in results:
        assert set(results[mode]) == {"newsworker", "+standfirst", "trafilatura", "input"}
        assert set(results[mode]["newsworker"]) == {"Example", "overall"}
    assert results["html"]["newsworker"]["overall"]["f1"] == 1.0
    assert results["text"]["input"]["overall"]["precision"] < 1.0


def test_scores_on_each_page_are_printed_on_request(tmp_path, capsys):
    _labelled_folder(tmp_path)
    assert ev.main(["--data", str(tmp_path), "--shipped-model", "--mode", "html", "--pages"]) == 0
    out = capsys.readouterr().out
    assert "# mode html, our body on each page: P, R, F1" in out
    assert out.split("P, R, F1\n")[1].split()[:4] == ["Example_0.html.gz", "1.000", "1.000", "1.000"]


def test_inline_scores_over_draws_start_with_the_tables_draw(tmp_path, capsys):
    _labelled_folder(tmp_path)
    pages = data.load_pages(tmp_path)
    shipped = lambda page: model.load()  # noqa: E731
    draws = ev.inline_draws(pages, shipped, 3)
    table = ev.evaluate(pages, ev.systems_for("inline", shipped))["newsworker"]["overall"]
    assert len(draws) == 3 and (draws[0]["precision"], draws[0]["recall"]) == (table["precision"], table["recall"])
    assert ev.main(["--data", str(tmp_path), "--shipped-model", "--mode", "inline", "--draws", "3"]) == 0
    assert "# mode inline over 3 draws of the sentences put in: P " in capsys.readouterr().out


def test_the_gold_body_run_together_is_scored(tmp_path, capsys):
    _labelled_folder(tmp_path)
    pages = data.load_pages(tmp_path)
    run = ev.run_together_scores(pages, lambda page: model.load())
    assert run["precision"] == 1.0 and run["recall"] == 1.0  # three plain paragraphs glued: nothing of them is lost
    assert ev.main(["--data", str(tmp_path), "--shipped-model", "--mode", "inline", "--draws", "0"]) == 0
    out = capsys.readouterr().out
    assert "# the gold body run together" in out and "over 0 draws" not in out


def test_the_gold_body_with_one_break_dropped_is_scored(tmp_path, capsys):
    _labelled_folder(tmp_path)
    pages = data.load_pages(tmp_path)
    seen = []

    class Spy:
        def judge(self, units, title="", page=None, extracted=False, publisher=frozenset()):
            seen.append([u.text for u in units])
            return model.Judgement([True] * len(units))

    for middle in (False, True):
        one = ev.one_break_dropped_scores(pages, lambda page: Spy(), middle)
        assert one["precision"] == 1.0 and one["recall"] == 1.0
    body = pages[0]["body"]
    first, middle = seen[0], seen[1]  # the first paragraph glued to the second, then the second to the third
    assert first[:2] == [body[0], body[1]] and len(first) == 3  # the glued line's two segments
    assert middle[1:] == [body[1], body[2]] and len(middle) == 3
    assert ev.main(["--data", str(tmp_path), "--shipped-model", "--mode", "inline", "--draws", "0"]) == 0
    out = capsys.readouterr().out
    assert "with its first paragraph glued to the next" in out and "with its middle paragraph" in out


def test_short_texts_are_the_gold_body_cut_short_and_scored(tmp_path, capsys, monkeypatch):
    body = _labelled_folder(tmp_path)
    pages = data.load_pages(tmp_path)
    seen = []

    class Spy:
        def judge(self, units, title="", page=None, extracted=False, publisher=frozenset()):
            seen.append((title, [u.text for u in units]))
            return model.Judgement([True] * len(units))

    clean = ev.short_text_scores(pages, lambda page: Spy(), put_in=False)
    assert (clean["precision"], clean["recall"], clean["pages"]) == (1.0, 1.0, ev.SHORT_CUTS)
    assert seen[0] == ("Budget approved | Example", body)  # three paragraphs: the cut keeps them all
    seen.clear()
    other = "The weather in the county was mild for most of the week, forecasters said on Monday."
    monkeypatch.setattr(data, "non_body_sentences", lambda page: [other])
    put_in = ev.short_text_scores(pages, lambda page: Spy(), put_in=True)
    assert put_in["recall"] == 1.0 and put_in["precision"] < 1.0  # the spy keeps what was put in
    assert all(len(units) == len(body) + 1 for _, units in seen)  # glued to paragraph 1: two units
    monkeypatch.undo()
    assert ev.main(["--data", str(tmp_path), "--shipped-model", "--mode", "inline", "--draws", "0"]) == 0
    assert "short texts" in capsys.readouterr().out


def test_inline_input_puts_real_non_body_sentences_in(tmp_path):
    body = _labelled_folder(tmp_path)
    page = data.load_pages(tmp_path)[0]
    raw = data.raw_input(page, "inline")
    first, second = sorted(data.non_body_sentences(page), key=lambda s: not raw["text"].startswith(s))
    assert raw["text"].split("\n") == [first + body[0], body[1], second, body[2]]
    assert raw["title"] == "Budget approved | Example"


def test_the_first_sentence_put_in_can_be_glued_on_after_the_first_paragraph(tmp_path, capsys):
    body = _labelled_folder(tmp_path)
    page = data.load_pages(tmp_path)[0]
    before = data.inline_text(page).split("\n")
    after = data.inline_text(page, glued_on=True).split("\n")
    first = before[0][:-len(body[0])]
    assert first and after[0] == body[0] + first and after[1:] == before[1:]
    glued_on = ev.glued_on_scores([page], lambda page: model.load())
    assert glued_on["recall"] == 1.0  # the body sentence the boilerplate is glued to is kept
    assert ev.main(["--data", str(tmp_path), "--shipped-model", "--mode", "inline", "--draws", "0"]) == 0
    assert "# inline, the first sentence put in glued on after the first paragraph" in capsys.readouterr().out


def test_non_body_sentences_exclude_body_and_fragments(tmp_path):
    _labelled_folder(tmp_path)
    page = data.load_pages(tmp_path)[0]
    assert data.non_body_sentences(page) == [
        "Sign up to our newsletter, delivered straight to your inbox.",
        "Follow us on social media for the latest news and views."]


def test_command_rejects_a_folder_without_labels(tmp_path):
    with pytest.raises(SystemExit):
        ev.main(["--data", str(tmp_path)])


def test_default_data_is_beside_the_repository():
    assert ev.DEFAULT_DATA.parts[-3:] == ("shared", "eval", "html-news")


def test_the_standfirst_can_be_scored_with_the_body():
    raw = {"text": "Budget approved\nCouncillors backed the plan after a six-hour debate.\n"
                   + "\n".join(["The council approved a new budget on Tuesday after a debate that lasted six hours.",
                                 "Councillors voted 31 to 12 in favour of the plan, with three abstentions.",
                                 "The plan raises spending on roads and schools while freezing the local tax."])}
    body = ev.cleaned_body(raw)
    with_lead = ev.cleaned_body(raw, standfirst=True)
    assert with_lead == "Councillors backed the plan after a six-hour debate.\n\n" + body


class _PicksLead:
    """A model stand-in for a page's text: keeps every unit but those it names the headline and the standfirst."""

    def __init__(self, headline: str, standfirst: str = ""):
        self.lead = headline, standfirst

    def judge(self, units, title="", page=None, extracted=False, publisher=frozenset()):
        found = [next((i for i, unit in enumerate(units) if unit.text == text), None) for text in self.lead]
        return ev.model_file.Judgement([i not in found for i in range(len(units))], *found)


def test_headlines_and_standfirsts_of_page_texts_are_counted_against_the_pages_own(tmp_path):
    body = _labelled_folder(tmp_path)
    menu = "".join(f"<li>Section {k}</li>" for k in range(20))
    dek = "Councillors backed the plan after a debate that lasted six hours"
    html = (f"<html><head><title>Budget approved | Example</title></head><body><ul>{menu}</ul>"
            f"<h1>Budget approved by the council</h1><p class='standfirst'>{dek}</p>"
            + "".join(f"<p>{p}</p>" for p in body) + f"<ul>{menu}</ul></body></html>")
    (tmp_path / "html" / "Example_0.html.gz").write_bytes(gzip.compress(html.encode()))
    pages = ev.load_pages(tmp_path)
    picks_right = _PicksLead("Budget approved by the council", dek)
    right = ev.lead_counts(pages, ev.cleaned_articles("text", lambda page: picks_right))
    assert (right["title"]["right"], right["standfirst"]["right"], right["standfirst"]["references"]) == (1, 1, 1)
    wrong = ev.lead_counts(pages, ev.cleaned_articles("text", lambda page: _PicksLead("Section 3", "Section 4")))
    assert wrong["title"]["wrong_picks"] == [("Example_0.html.gz", "Section 3", "Budget approved by the council")]
    assert wrong["standfirst"]["wrong_picks"] == [("Example_0.html.gz", "Section 4", dek)]
    assert ev.lead_counts(pages, ev.cleaned_articles("text", lambda page: _PicksLead("nothing here")))["title"] == {
        "right": 0, "wrong": 0, "none": 1, "pages": 1, "references": 1, "wrong_picks": []}
