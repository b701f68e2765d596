"""The whole visible text of a page, one block a line, by a scan that ignores nesting depth."""

import time

from worker.cleaning.pagetext import page_lines


def test_blocks_become_lines_and_inline_elements_do_not():
    html = ("<html><head><title>T</title><style>p {color: red}</style></head><body>"
            "<nav><a href='/'>Home</a><a href='/n'>News</a></nav>"
            "<p>First <b>bold</b> &amp; <i>plain</i> text.</p><div>Second<br>third</div>"
            "<script>var x = '<p>no</p>';</script><!-- <p>hidden</p> --><p>Last</p></body></html>")
    assert page_lines(html) == ["HomeNews", "First bold & plain text.", "Second", "third", "Last"]


def test_hidden_elements_are_skipped_whatever_their_case():
    assert page_lines("<p>a</p><SCRIPT>x<y</Script><p>b</p><svg><text>c</text></svg>") == ["a", "b"]


def test_broken_markup_keeps_its_text():
    assert page_lines("<p>kept</p><p unclosed") == ["kept", "<p unclosed"]
    assert page_lines("<p>kept</p><!-- never closed <p>lost</p>") == ["kept"]
    assert page_lines("<script>never closed") == []


def test_depth_does_not_matter():
    html = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    start = time.process_time()
    assert page_lines(html) == ["deep"]
    assert time.process_time() - start < 1.0
