"""Typed reads of fields in decoded Bot API JSON.

Each reader returns the field with the type the Bot API documents, ``None`` for an absent
optional field (Telegram omits empty fields; ``null`` counts as absent), and raises
:class:`BadUpdate` naming the field for anything else, so no ``KeyError`` or ``TypeError``
ever escapes from a malformed update.
"""

from __future__ import annotations

from typing import Any

from .errors import BadUpdate

#: A decoded JSON object. Its values are whatever ``json.loads`` produced: read them only
#: through the functions below.
JsonObject = dict[str, Any]


def _wrong(key: str, expected: str) -> BadUpdate:
    return BadUpdate(f"field {key!r} is not {expected}")


def optional_object(parent: JsonObject, key: str) -> JsonObject | None:
    value = parent.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise _wrong(key, "an object")


def required_object(parent: JsonObject, key: str) -> JsonObject:
    value = optional_object(parent, key)
    if value is None:
        raise _wrong(key, "an object")
    return value


def optional_int(parent: JsonObject, key: str) -> int | None:
    value = parent.get(key)
    # bool is an int subclass; JSON true is never an id or a size.
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise _wrong(key, "an integer")


def required_int(parent: JsonObject, key: str) -> int:
    value = optional_int(parent, key)
    if value is None:
        raise _wrong(key, "an integer")
    return value


def optional_str(parent: JsonObject, key: str) -> str | None:
    value = parent.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _wrong(key, "a string")


def required_str(parent: JsonObject, key: str) -> str:
    value = optional_str(parent, key)
    if value is None:
        raise _wrong(key, "a string")
    return value


def object_list(parent: JsonObject, key: str) -> list[JsonObject]:
    """An array of objects; empty when absent."""
    value = parent.get(key)
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    raise _wrong(key, "an array of objects")
