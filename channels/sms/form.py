"""Twilio's ``application/x-www-form-urlencoded`` bodies, parsed once with python-multipart.

Starlette's ``Request.form()`` wraps the same parser in a request object, a stream and a
multi-dict; on a webhook that only ever carries a few short fields that wrapping cost more
than the parse. :func:`parse_form` drives python-multipart's ``QuerystringParser`` directly
over the body already read under the size limit, and returns a :class:`TwilioForm`: the first
value per name for the adapter, every value per name for the signature (``getall``, which
twilio's ``RequestValidator`` asks for first).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import unquote_plus

from python_multipart import QuerystringParser


class TwilioForm(Mapping[str, str]):
    """Form fields in arrival order: ``form[name]`` is the first value, ``getall`` all."""

    __slots__ = ("_values",)

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        values: dict[str, list[str]] = {}
        for name, value in pairs:
            values.setdefault(name, []).append(value)
        self._values = values

    def __getitem__(self, name: str) -> str:
        return self._values[name][0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def getall(self, name: str) -> list[str]:
        """Every value sent for ``name`` (twilio's validator signs each of them)."""
        return list(self._values.get(name, ()))


def parse_form(body: bytes) -> TwilioForm:
    """The fields of a urlencoded ``body``; malformed pieces are read leniently, as browsers
    and Starlette do (a name without ``=`` is a field with an empty value)."""
    pairs: list[tuple[str, str]] = []
    name: list[bytes] = []
    value: list[bytes] = []

    def on_field_start() -> None:
        name.clear()
        value.clear()

    def on_field_name(data: bytes, start: int, end: int) -> None:
        name.append(data[start:end])

    def on_field_data(data: bytes, start: int, end: int) -> None:
        value.append(data[start:end])

    def on_field_end() -> None:
        pairs.append((_decode(b"".join(name)), _decode(b"".join(value))))

    parser = QuerystringParser(
        {
            "on_field_start": on_field_start,
            "on_field_name": on_field_name,
            "on_field_data": on_field_data,
            "on_field_end": on_field_end,
        }
    )
    parser.write(body)
    parser.finalize()
    return TwilioForm(pairs)


def _decode(raw: bytes) -> str:
    if b"%" not in raw and b"+" not in raw:
        return raw.decode("latin-1")  # most names and values: nothing escaped
    # Percent-escapes are UTF-8 (Twilio's encoding); undecodable bytes become U+FFFD rather
    # than an error: the raw body is stored as received either way.
    return unquote_plus(raw.decode("latin-1"), encoding="utf-8", errors="replace")
