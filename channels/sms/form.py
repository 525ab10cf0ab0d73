"""Twilio's ``application/x-www-form-urlencoded`` bodies, parsed once, as Starlette would.

Starlette's ``Request.form()`` wraps python-multipart's streaming parser in a request object,
a stream and a multi-dict; on a webhook that only ever carries a few short fields that
wrapping cost more than the parse. :func:`parse_form` splits the body already read under the
size limit and returns a :class:`TwilioForm`: the first value per name for the adapter, every
value per name for the signature (``getall``, which twilio's ``RequestValidator`` asks for
first).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any


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

    def get(self, name: str, default: Any = None) -> Any:  # Mapping's goes through KeyError
        values = self._values.get(name)
        return values[0] if values else default

    def getall(self, name: str) -> list[str]:
        """Every value sent for ``name`` (twilio's validator signs each of them)."""
        return list(self._values.get(name, ()))


def parse_form(body: bytes) -> TwilioForm:
    """The fields of a urlencoded ``body``; malformed pieces are read leniently, as browsers
    and Starlette do (a name without ``=`` is a field with an empty value, empty pieces
    between ``&`` are skipped).

    Split with ``bytes.split`` rather than python-multipart's streaming parser: the body is
    already whole, and the parser's per-field callbacks cost about as much as decoding the
    fields (``tests/channels/sms/test_form.py`` holds both to Starlette's answers)."""
    pairs: list[tuple[str, str]] = []
    for piece in body.split(b"&"):
        if piece:
            name, _, value = piece.partition(b"=")
            pairs.append((_decode(name), _decode(value)))
    return TwilioForm(pairs)


#: A run of well-formed percent-escapes: one C-level ``bytes.fromhex`` per run instead of a
#: Python step per escape (a 70-character Chinese body is 210 escapes).
_ESCAPED_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _unescape(run: re.Match[str]) -> str:
    return bytes.fromhex(run.group().replace("%", "")).decode("utf-8", "replace")


def _decode(raw: bytes) -> str:
    """``unquote_plus(raw.decode("latin-1"), encoding="utf-8", errors="replace")``, faster.

    Percent-escapes are UTF-8 (Twilio's encoding); undecodable bytes become U+FFFD rather
    than an error, malformed escapes stay as they are: the raw body is stored as received
    either way. (``tests`` compare this with ``unquote_plus`` on generated input.)
    """
    text = raw.decode("latin-1")
    if "+" in text:
        text = text.replace("+", " ")
    if "%" not in text:
        return text  # most names and values: nothing escaped
    return _ESCAPED_RUN.sub(_unescape, text)
