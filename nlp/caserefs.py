"""Case numbers and query codes quoted in free text ("查询 XF2026-000123 K7P2QX9M")."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters a query code is drawn from (the bot's generator uses the same set): no 0/O or
#: 1/I look-alikes, so codes read aloud or copied by hand survive.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_MIN_LENGTH = 8

#: The serial part of a case number as ``bot.codes.case_number`` writes it: zero-padded to six
#: digits, and wider (never with a leading zero) from the millionth case of a year on
#: (``XF2026-1000000``). Every parser of case numbers uses this, so none stops at six digits.
SERIAL_DIGITS = r"(?:\d{6}|[1-9]\d{6,})"
#: A case number exactly as the bot writes it, for callback data and mail tags.
CASE_NUMBER_PATTERN = rf"XF\d{{4}}-{SERIAL_DIGITS}"

# Citizens type the hyphen as a dash, a space, nothing at all, or an underscore.
_CASE_NUMBER = re.compile(
    rf"(?<![A-Za-z0-9])XF\s?(\d{{4}})\s?[-_ ]?\s?({SERIAL_DIGITS})(?!\d)", re.IGNORECASE
)
# The code follows the number, optionally with a label and punctuation in between.
_CODE_AFTER = re.compile(
    r"\s*[,，;；:：/、]?\s*(?:(?:查询码|查询密码|验证码|密码|code|pin)\s*[:：是为]?\s*)?"
    rf"([A-Za-z0-9]{{{CODE_MIN_LENGTH},}})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CaseRef:
    """A case number such as ``XF2026-000123`` (always upper case) and its query code, if given."""

    number: str
    code: str | None


def _valid_code(candidate: str) -> bool:
    return all(char in CODE_ALPHABET for char in candidate)


def find_case_refs(text: str) -> tuple[CaseRef, ...]:
    """Every case reference in normalized ``text``, in order of appearance, without repeats.

    A query code is only recognised right after its case number: a free-standing eight-letter
    word elsewhere is far more likely to be English than a code.
    """
    refs: list[CaseRef] = []
    seen: set[CaseRef] = set()
    for match in _CASE_NUMBER.finditer(text):
        number = f"XF{match.group(1)}-{match.group(2)}"
        code: str | None = None
        after = _CODE_AFTER.match(text, match.end())
        if after is not None:
            candidate = after.group(1).upper()
            if _valid_code(candidate):
                code = candidate
        ref = CaseRef(number=number, code=code)
        if ref not in seen:
            seen.add(ref)
            refs.append(ref)
    return tuple(refs)


def strip_case_refs(text: str) -> str:
    """``text`` with case numbers (and the codes after them) removed, for intent decisions."""
    pieces: list[str] = []
    position = 0
    for match in _CASE_NUMBER.finditer(text):
        pieces.append(text[position : match.start()])
        end = match.end()
        after = _CODE_AFTER.match(text, end)
        if after is not None and _valid_code(after.group(1).upper()):
            end = after.end()
        position = end
    pieces.append(text[position:])
    return " ".join(piece.strip() for piece in pieces if piece.strip())
