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


def test_a_line_break_inside_a_text_node_is_a_space_as_in_a_browser():
    html = "<p>The airline\nhad said a flight&#10;carrying 167\r\npassengers</p><p>Next</p>"
    assert page_lines(html) == ["The airline had said a flight carrying 167 passengers", "Next"]


def test_preformatted_text_keeps_its_lines():
    html = "<p>a\nb</p><pre>line 1\n<b>line</b> 2</pre><p>c\nd</p>"
    assert page_lines(html) == ["a b", "line 1", "line 2", "c d"]
