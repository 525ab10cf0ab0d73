"""Exact bytes of each update inside a ``getUpdates`` answer.

The Bot API answers ``{"ok": true, "result": [update, update, ...]}``. We keep for audit the
bytes of each update exactly as the server sent them, so this walks the answer with the
standard decoder's ``raw_decode`` (which reports where each value ends) instead of decoding
and re-encoding (python-telegram-bot's ``to_dict`` adds fields such as
``"channel_chat_created": false`` that were never sent).
"""

from __future__ import annotations

import json

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


class _Cursor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
            self.pos += 1

    def expect(self, char: str) -> None:
        self.skip()
        if not self.text.startswith(char, self.pos):
            raise ValueError(f"expected {char!r} at {self.pos}")
        self.pos += 1

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos : self.pos + 1]

    def value(self) -> tuple[object, str]:
        """Decode one value; returns it and its exact source text."""
        self.skip()
        start = self.pos
        obj, self.pos = _DECODER.raw_decode(self.text, self.pos)
        return obj, self.text[start : self.pos]


def result_elements(payload: bytes) -> list[bytes]:
    """The exact bytes of each element of the top-level ``result`` array.

    Raises :class:`ValueError` when ``payload`` is not an object with an array ``result``.
    """
    cursor = _Cursor(payload.decode("utf-8"))
    cursor.expect("{")
    found: list[bytes] | None = None
    if cursor.peek() == "}":
        raise ValueError("no result")
    while True:
        key, _ = cursor.value()
        cursor.expect(":")
        if key == "result":
            if cursor.peek() != "[":
                raise ValueError("result is not an array")
            cursor.expect("[")
            found = []
            if cursor.peek() == "]":
                cursor.expect("]")
            else:
                while True:
                    _, source = cursor.value()
                    found.append(source.encode("utf-8"))
                    if cursor.peek() == ",":
                        cursor.expect(",")
                        continue
                    cursor.expect("]")
                    break
        else:
            cursor.value()
        if cursor.peek() == ",":
            cursor.expect(",")
            continue
        cursor.expect("}")
        break
    if found is None:
        raise ValueError("no result")
    return found
