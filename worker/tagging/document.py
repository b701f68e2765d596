"""An article's title, standfirst and body joined into one text, so the NER model runs once per
article, with the way back from offsets in that text to offsets in each field."""

from __future__ import annotations

from dataclasses import dataclass

FIELDS = ("title", "standfirst", "body")
SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Document:
    text: str
    starts: tuple[int, ...]  # where each of FIELDS starts in text
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, article: dict) -> "Document":
        parts = [article.get(field) or "" for field in FIELDS]
        starts, offset = [], 0
        for part in parts:
            starts.append(offset)
            offset += len(part) + len(SEPARATOR)
        return cls(SEPARATOR.join(parts), tuple(starts), tuple(len(p) for p in parts))

    @property
    def body_start(self) -> int:
        return self.starts[-1]

    def field_of(self, start: int, end: int) -> str | None:
        """The field holding text[start:end], or None when the span crosses a field boundary."""
        for field, field_start, length in zip(FIELDS, self.starts, self.lengths):
            if field_start <= start and end <= field_start + length:
                return field
        return None

    def span(self, start: int, end: int) -> dict:
        """A schema span: offsets into its own field, `field` given unless it is the body."""
        field = self.field_of(start, end)
        base = self.starts[FIELDS.index(field)]
        span = {"start": start - base, "end": end - base, "text": self.text[start:end]}
        if field != "body":
            span["field"] = field
        return span

    def lead_end(self) -> int:
        """End of the body's first paragraph in text."""
        cut = self.text.find("\n", self.body_start)
        return len(self.text) if cut < 0 else cut
