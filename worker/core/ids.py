"""Article ids: the input's `id`, else a stable hash of the normalised URL, else of the text."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "ocid", "cmpid")


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, tracking parameters, default ports and
    a trailing slash, so the same article crawled twice gets the same id."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(sorted(query)), ""))


def _digest(kind: str, text: str) -> str:
    return f"{kind}-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def article_id(article: dict) -> str | None:
    given = article.get("id")
    if isinstance(given, str) and given.strip():
        return given.strip()
    url = article.get("url")
    if isinstance(url, str) and url.strip():
        return _digest("url", normalise_url(url))
    for field in ("text", "html"):
        text = article.get(field)
        if isinstance(text, str) and text.strip():
            return _digest("txt", " ".join(text.split()))
    return None


def id_of_bytes(value: bytes) -> str | None:
    """The article id of a serialised message, when it is a JSON object that yields one."""
    try:
        message = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    return article_id(message) if isinstance(message, dict) else None


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
