"""Read articles from files: JSON lines (one raw-article.v1 per line) or plain .txt files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import orjson

from worker.commands import UsageError


def text_file_article(path: Path) -> bytes:
    """A .txt file as a raw-article.v1: the whole file is the text (headline first), the url names
    the file by its full path. A file that is not UTF-8 stays as its bytes, so the pipeline makes it
    a `not_utf8` dead letter instead of silently replacing characters."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return orjson.dumps({"url": path.resolve().as_uri(), "source": "file", "text": text})


def check_inputs(names: list[str]) -> None:
    """Every named input is a readable file, checked before anything is read or sent."""
    for name in names:
        path = Path(name)
        if name == "-":
            continue
        if path.is_dir():
            raise UsageError(f"{name} is a folder; name the files in it (e.g. {path / '*.txt'})")
        if not path.is_file():
            raise UsageError(f"no such file: {name}")


def read_inputs(names: list[str]) -> Iterator[tuple[str, int, bytes]]:
    """(input name, line number, raw bytes) for every article; '-' or no names reads stdin."""
    check_inputs(names)
    return _read(names or ["-"])


def _read(names: list[str]) -> Iterator[tuple[str, int, bytes]]:
    for name in names:
        if name == "-":
            yield from _lines("<stdin>", sys.stdin.buffer)
        elif Path(name).suffix == ".txt":
            yield name, 1, text_file_article(Path(name))
        else:
            with open(name, "rb") as f:
                yield from _lines(name, f)


def _lines(name: str, lines) -> Iterator[tuple[str, int, bytes]]:
    for n, line in enumerate(lines, 1):
        if line.strip():
            yield name, n, line.rstrip(b"\r\n")
