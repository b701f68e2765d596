"""The JSON Schemas of schemas/ (the public contract), loaded once and used to validate messages.

They ship in the package as `worker/schemas/` (a link to the top-level folder in a checkout, copied
into the wheel), read with importlib.resources so an installed wheel finds them too."""

from __future__ import annotations

import functools
import json
from importlib import resources

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = resources.files("worker") / "schemas"
NAMES = ("raw-article.v1", "cleaned-article.v1", "enriched-article.v1", "dead-letter.v1")


@functools.cache
def _registry() -> Registry:
    resources = []
    for name in NAMES:
        schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text())
        resource = Resource.from_contents(schema)
        resources += [(schema["$id"], resource), (f"{name}.json", resource)]
    return Registry().with_resources(resources)


@functools.cache
def validator(name: str) -> Draft202012Validator:
    schema = _registry()[f"{name}.json"].contents
    return Draft202012Validator(schema, registry=_registry())


def errors(name: str, message: object) -> list[str]:
    """Human-readable schema violations, empty when the message is valid."""
    found = sorted(validator(name).iter_errors(message), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in found]
