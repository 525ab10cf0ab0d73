"""Split long replies into Telegram-sized messages at sensible boundaries.

Telegram takes at most 4,096 characters per message, counted in UTF-16 code units (what its
entity offsets use), so an emoji outside the BMP counts twice. We cut, in order of preference,
at a paragraph break, a line break, the end of a sentence (。！？；!?; or a full stop followed
by a space), any whitespace, and only then hard, each time as late as possible but never in
the first half of the window, so no chunk is silly-short.
"""

from __future__ import annotations

import re

TELEGRAM_TEXT_LIMIT = 4096

# Sentence ends, including closing quotes/brackets that belong to the sentence before the cut.
_SENTENCE_END = re.compile(r"(?:[。！？；!?;]|\.(?=\s))[”’」』）)】\"']*")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"\n")
_SPACE = re.compile(r"\s")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _window(text: str, limit: int) -> int:
    """How many leading code points of ``text`` fit into ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def _best_cut(window: str) -> int:
    """Where to cut inside ``window`` (an index into it, > 0)."""
    floor = len(window) // 2
    for pattern in (_PARAGRAPH, _LINE, _SENTENCE_END, _SPACE):
        ends = [match.end() for match in pattern.finditer(window) if match.end() > floor]
        if ends:
            return ends[-1]
    return len(window)


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` UTF-16 units, stripped and non-empty.

    Whitespace at a cut is dropped; everything else is kept in order, so joining the chunks
    with the dropped whitespace restores the text. An all-whitespace text gives ``[]``.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2 (one astral character)")
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        if utf16_len(rest) <= limit:
            chunks.append(rest)
            break
        window = rest[: _window(rest, limit)]
        cut = _best_cut(window)
        head = window[:cut].rstrip()
        if not head:  # only whitespace before the cut: cut hard instead
            head = window
            cut = len(window)
        chunks.append(head)
        rest = rest[cut:].lstrip()
    return chunks
