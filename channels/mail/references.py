"""Case numbers a letter points at: in its subject (``[XF2026-000123]``) or plus-address.

Which case a reference may attach to is the bot's decision (always scoped to the same sender);
the channel only reports what the letter says, upper-cased, in order, without repeats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["DEFAULT_CASE_NUMBER_PATTERN", "case_numbers"]

#: The bot's case number format: ``XF`` + year + ``-`` + six digits, or more from the millionth
#: case of a year on (the same width rule as ``nlp.caserefs``, which channels may not import).
DEFAULT_CASE_NUMBER_PATTERN = r"XF\d{4}-(?:\d{6}|[1-9]\d{6,})"


def case_numbers(subject: str, recipients: Iterable[str], pattern: str) -> tuple[str, ...]:
    """Case numbers from plus-addressed recipients (``case+XF2026-000123@…``) and the subject."""
    compiled = re.compile(pattern, re.IGNORECASE)
    found: dict[str, None] = {}
    for address in recipients:
        local_part = address.rpartition("@")[0]
        for tag in local_part.split("+")[1:]:
            if compiled.fullmatch(tag):
                found.setdefault(tag.upper(), None)
    bounded = re.compile(rf"(?<![A-Za-z0-9])(?:{pattern})(?![0-9])", re.IGNORECASE)
    for match in bounded.finditer(subject):
        found.setdefault(match.group(0).upper(), None)
    return tuple(found)
