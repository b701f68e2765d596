"""The whole text of an HTML page as lines, the way a browser's `innerText` gives it.

Every text node outside scripts, styles and the document head, with block elements as line
breaks. As in a browser, a line break inside a text node is a space (markup is often wrapped at a
fixed width), except inside `<pre>` and `<textarea>`, which keep their lines. A single
left-to-right scan over the markup with `str.find`: linear in the page size and indifferent to
nesting depth, so a page of 50,000 nested elements keeps its text (a tree parser stops descending
long before that).
"""

from __future__ import annotations

import html as html_entities

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "label", "select",
})
HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "math", "iframe", "object"})
_NAME_END = frozenset(" \t\n\r\f/>")
PREFORMATTED_TAGS = frozenset({"pre", "textarea"})


def _tag_name(markup: str, start: int, end: int) -> tuple[str, bool]:
    """(lower-case name, closing?) of the tag between `start` ('<') and `end` ('>')."""
    i = start + 1
    closing = i < end and markup[i] == "/"
    i += closing
    j = i
    while j < end and markup[j] not in _NAME_END:
        j += 1
    return markup[i:j].lower(), closing


def _skip_hidden(markup: str, name: str, pos: int) -> int:
    """Position after the closing tag of a hidden element opened before `pos` (or the end)."""
    close = _find_ci(markup, "</" + name, pos)
    if close < 0:
        return len(markup)
    end = markup.find(">", close)
    return len(markup) if end < 0 else end + 1


def _find_ci(markup: str, needle: str, pos: int) -> int:
    """Case-insensitive find of a lower-case needle, checking only candidate '<' positions."""
    first = needle[0]
    while True:
        pos = markup.find(first, pos)
        if pos < 0:
            return -1
        if markup[pos:pos + len(needle)].lower() == needle:
            return pos
        pos += 1


def chunks(markup: str):
    """Text pieces (entities decoded; a newline in them a space, outside `<pre>`) and the line
    breaks ("\\n") of block elements, in order."""
    pos, size, preformatted = 0, len(markup), 0
    while pos < size:
        lt = markup.find("<", pos)
        if lt < 0:
            yield _text(markup[pos:], preformatted)
            return
        if lt > pos:
            yield _text(markup[pos:lt], preformatted)
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            pos = size if end < 0 else end + 3
            continue
        gt = markup.find(">", lt + 1)
        if gt < 0:
            yield _text(markup[lt:], preformatted)
            return
        name, closing = _tag_name(markup, lt, gt)
        pos = gt + 1
        if name in PREFORMATTED_TAGS:
            preformatted = max(0, preformatted - 1) if closing else preformatted + 1
        if not closing and name in HIDDEN_TAGS and not markup[gt - 1] == "/":
            pos = _skip_hidden(markup, name, pos)
        elif name in BLOCK_TAGS:
            yield "\n"


def _text(piece: str, preformatted: int) -> str:
    """A text piece, entities decoded (an encoded line break is whitespace too)."""
    text = html_entities.unescape(piece)
    return text if preformatted else text.replace("\n", " ")


def page_lines(markup: str) -> list[str]:
    """Non-empty lines of the page's visible text, entities decoded, spaces collapsed."""
    lines = (" ".join(line.split()) for line in "".join(chunks(markup)).split("\n"))
    return [line for line in lines if line]


def page_text(markup: str) -> str:
    return "\n".join(page_lines(markup))
