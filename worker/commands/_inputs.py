"""Read articles from files: JSON lines (one raw-article.v1 per line) or plain .txt files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import orjson


def text_file_article(path: Path) -> bytes:
    """A .txt file as a raw-article.v1: the whole file is the text (headline first)."""
    text = path.read_bytes().decode("utf-8", "replace")
    return orjson.dumps({"url": f"file:{path.name}", "source": "file", "text": text})


def read_inputs(names: list[str]) -> Iterator[tuple[str, int, bytes]]:
    """(input name, line number, raw bytes) for every article; '-' or no names reads stdin."""
    for name in names or ["-"]:
        if name == "-":
            for n, line in enumerate(sys.stdin.buffer, 1):
                if line.strip():
                    yield "<stdin>", n, line.rstrip(b"\r\n")
            continue
        path = Path(name)
        if path.suffix == ".txt":
            yield str(path), 1, text_file_article(path)
            continue
        with path.open("rb") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield str(path), n, line.rstrip(b"\r\n")
