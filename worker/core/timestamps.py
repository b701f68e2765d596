"""Article timestamps in one format: ISO 8601 in UTC with a Z, to the second (2026-11-20T09:30:00Z).

Inputs may be ISO 8601 (any offset, or none: then UTC) or RFC 2822 as in feeds and HTTP headers
("Tue, 20 Nov 2026 09:30:00 GMT"). A value that is neither is not a reason to lose the article:
the field becomes null and the original text is kept in `metadata.unparsed_timestamps`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

FIELDS = ("published_at", "fetched_at")
UNPARSED = "unparsed_timestamps"  # the metadata key holding {field: original text}


def _parse(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def to_utc(text: str) -> str | None:
    """ISO 8601 or RFC 2822 -> '2026-11-20T09:30:00Z'; None when the text is neither."""
    moment = _parse(text.strip())
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, ValueError):  # e.g. year 1 with a positive offset
        return None


def normalise(article: dict) -> tuple[dict, dict]:
    """A copy of the article with its timestamps normalised, and {field: text} of those that could
    not be parsed (set to null, their text kept in metadata[UNPARSED])."""
    out, unparsed = dict(article), {}
    for name in FIELDS:
        value = out.get(name)
        if value is None:
            continue
        parsed = to_utc(value) if isinstance(value, str) else None
        out[name] = parsed
        if parsed is None and str(value).strip():
            unparsed[name] = value
    if unparsed:
        out["metadata"] = {**(out.get("metadata") or {}), UNPARSED: unparsed}
    return out, unparsed
