"""How many SMS segments a text costs, and how to make a text fit in a few.

Pure functions, no I/O. An SMS is GSM-7 when every character is in the GSM 03.38 default
alphabet or its extension table (an extension character costs two septets: escape + char),
otherwise UCS-2, where a character outside the Basic Multilingual Plane (emoji) costs two
code units. Limits per segment::

    encoding  one segment  each part of a multi-part message
    GSM-7     160          153   (6 octets of each part go to the concatenation header)
    UCS-2      70           67

A character is never split across two parts (handsets and Twilio keep an escape pair or a
surrogate pair together), so a part can hold one unit less than its limit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

# GSM 03.38 default alphabet, without the escape code 0x1B itself.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# GSM 03.38 extension table: each of these is sent as ESC + char, two septets.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_LIMIT = {"GSM-7": 160, "UCS-2": 70}
PART_LIMIT = {"GSM-7": 153, "UCS-2": 67}

# Where a truncated text may end: after a sentence if one ends close enough, else after a
# clause or a space, else anywhere.
_SENTENCE_ENDS = frozenset("。！？!?.;；\n")
_SOFT_BREAKS = frozenset("，、,：:） )】」』\t")
_ELLIPSIS_GSM = "..."
_ELLIPSIS_UCS2 = "…"


class Encoding(StrEnum):
    """The two SMS data codings that matter."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """The cost of one text: its encoding, its length in units (septets or UTF-16 code
    units) and the number of segments it is billed and sent as."""

    encoding: Encoding
    units: int
    segments: int


def encoding_of(text: str) -> Encoding:
    """GSM-7 when every character is in the default alphabet or its extension, else UCS-2."""
    for char in text:
        if char not in GSM7_BASIC and char not in GSM7_EXTENSION:
            return Encoding.UCS2
    return Encoding.GSM7


def _unit_costs(text: str, encoding: Encoding) -> list[int]:
    if encoding is Encoding.GSM7:
        return [2 if char in GSM7_EXTENSION else 1 for char in text]
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def _count_segments(costs: list[int], encoding: Encoding) -> int:
    total = sum(costs)
    if total == 0:
        return 0
    if total <= SINGLE_LIMIT[encoding]:
        return 1
    limit = PART_LIMIT[encoding]
    parts, used = 1, 0
    for cost in costs:
        if used + cost > limit:
            parts += 1
            used = cost
        else:
            used += cost
    return parts


def measure(text: str) -> SegmentInfo:
    """Encoding, length in units and segment count of ``text`` (an empty text is 0 segments)."""
    encoding = encoding_of(text)
    costs = _unit_costs(text, encoding)
    return SegmentInfo(encoding, sum(costs), _count_segments(costs, encoding))


def segment_count(text: str) -> int:
    """How many segments ``text`` is sent as."""
    return measure(text).segments


def fit_segments(text: str, max_segments: int, *, suffix: str = "") -> str:
    """``text + suffix`` unchanged when it fits in ``max_segments``, else ``text`` cut short
    with an ellipsis and ``suffix`` kept whole (a list of choices, a signature).

    The cut falls after the last sentence end (。！？.!?) in the final quarter of what fits,
    else after a clause break or space there, else at the last whole character that fits.
    GSM-7 text gets ``...`` so that it stays GSM-7; UCS-2 text gets ``…``. Raises ValueError
    when even the suffix alone does not fit.
    """
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    if measure(text + suffix).segments <= max_segments:
        return text + suffix
    ellipsis = _ELLIPSIS_UCS2 if encoding_of(text + suffix) is Encoding.UCS2 else _ELLIPSIS_GSM
    if measure(ellipsis + suffix).segments > max_segments:
        raise ValueError("the suffix alone does not fit")

    # Longest prefix that still fits together with the ellipsis; segment count grows
    # monotonically with the prefix, so a binary search finds it.
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(text[:middle] + ellipsis + suffix).segments <= max_segments:
            low = middle
        else:
            high = middle - 1
    cut = _nice_cut(text, low)
    return text[:cut].rstrip() + ellipsis + suffix


def _nice_cut(text: str, limit: int) -> int:
    """The best place at or before ``limit`` to end a truncated text."""
    # Never strand a combining mark or split CR LF.
    while 0 < limit < len(text) and (
        unicodedata.combining(text[limit]) or text[limit - 1 : limit + 1] == "\r\n"
    ):
        limit -= 1
    window_start = limit - max(1, limit // 4)
    for breaks in (_SENTENCE_ENDS, _SOFT_BREAKS):
        for index in range(limit - 1, max(window_start, 0) - 1, -1):
            if text[index] in breaks and text[:index].strip():
                return index + 1
    return limit
