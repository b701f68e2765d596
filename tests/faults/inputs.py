"""The inputs of the fault suite: good articles, poison of every dead-letter class, hostile texts."""

from __future__ import annotations

import orjson

from tests.kafka import REPO

SAMPLE = (REPO / "samples" / "independent-rutte-nato.txt").read_text()
PROSE = " ".join(SAMPLE.split("\n")[2:])  # the sample's body as one run of ordinary prose


def good(seq: int, prefix: str = "g") -> bytes:
    return orjson.dumps({"id": f"{prefix}-{seq}", "url": f"https://example.com/{prefix}/{seq}",
                         "source": "example.com",
                         "text": f"Story {seq}\nA short standfirst.\nMinisters in London met NATO officials on {seq}."})


def _text(seq: int, text: str, prefix: str) -> bytes:
    return orjson.dumps({"id": f"{prefix}-{seq}", "url": f"https://example.com/{prefix}/{seq}", "source": "example.com",
                         "text": text})


def _html(seq: int, html: str, prefix: str) -> bytes:
    return orjson.dumps({"id": f"{prefix}-{seq}", "url": f"https://example.com/{prefix}/{seq}", "source": "example.com",
                         "html": html})


def hostile(prefix: str = "h") -> dict[str, bytes]:
    """Texts that cost a naive pipeline minutes or gigabytes, each within the 2 MiB input limit."""
    runs = {f"run of {c!r} x 20k": c * 20_000 for c in "'()!?,”’*]$%"}
    texts = {
        'run of " x 200k': '"' * 200_000,
        **runs,
        '"U.S. " x 4000': "U.S. " * 4000,
        '"John Smith " x 8000': "John Smith " * 8000,
        "prose 990 KB": (PROSE + " ") * (990_000 // (len(PROSE) + 1)),
        "over 1M characters": "Headline\n" + ("word " * 230_000),
        "one 1.9 MB line": "x" * 1_900_000,
        "100k tiny lines": "a\n" * 100_000,
    }
    htmls = {
        "50k nested divs": "<html><body>" + "<div>" * 50_000 + "<p>The one sentence of this page.</p>"
                           + "</div>" * 50_000 + "</body></html>",
        "5k nested tables": "<html><body>" + "<table><tr><td>" * 5_000 + "The one sentence of this page."
                            + "</td></tr></table>" * 5_000 + "</body></html>",
    }
    found = {name: _text(i, text, prefix) for i, (name, text) in enumerate(texts.items())}
    found.update({name: _html(len(texts) + i, html, prefix) for i, (name, html) in enumerate(htmls.items())})
    return found


def poison(seq: int, max_bytes: int) -> tuple[str, bytes | None]:
    """One bad input of each dead-letter class in turn: (reason expected, value)."""
    kinds = [
        ("not_utf8", b'{"url": "https://e.com/\xff\xfe"}'),
        ("invalid_json", b'{"url": "https://e.com/x", "text": '),
        ("not_an_object", b'["https://e.com/a"]'),
        ("schema_violation", b'{"text": "an article without a url"}'),
        ("schema_violation", b'{"url": "u", "text": ["a list"]}'),
        ("empty_article", orjson.dumps({"url": f"https://e.com/e{seq}", "text": "\u200b \n "})),
        ("too_large", orjson.dumps({"url": f"https://e.com/l{seq}", "text": "x" * (max_bytes + 1)})),
        ("invalid_json", b""),
        ("not_utf8", bytes(range(256)) * 4),
        ("tombstone", None),
    ]
    return kinds[seq % len(kinds)]
