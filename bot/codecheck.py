"""The query-code check for a case named by someone who did not file it.

Extracted from the conversation's status answer so that the citizen web page checks a code
exactly as SMS, mail and chat do: the same limits (``GUESS_LIMIT`` failed guesses per sender
and ``CASE_GUESS_LIMIT`` per case number within ``GUESS_WINDOW``, the conversation's own
constants), the same HMAC comparison made even when there is no such case (so a wrong code and
a missing case cost the same time and get the same answer), and the same
:class:`~storage.StatusAttempt` record of every guess. A throttled sender is told so whether or
not the case exists.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from bot import cases
from bot.codes import CodeHasher
from bot.dialogue import CASE_GUESS_LIMIT, GUESS_LIMIT, GUESS_WINDOW
from storage import Case, StatusAttempt

__all__ = ["CASE_GUESS_LIMIT", "GUESS_LIMIT", "GUESS_WINDOW", "Checked", "Outcome", "check",
           "failed_guesses", "normalize_code", "normalize_number"]

_NUMBER = re.compile(r"XF\d{4}-\d{6,12}")


class Outcome(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"  # no such case, or a wrong code: indistinguishable on purpose
    THROTTLED = "throttled"


@dataclass(frozen=True, slots=True)
class Checked:
    outcome: Outcome
    case: Case | None = None  # set only when FOUND


def normalize_number(text: str) -> str:
    """A case number as typed (full-width, lower case, spaces) in its stored form."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()[:40]


def normalize_code(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()[:40]


def check(session: Session, hasher: CodeHasher, *, sender: str, number: str, code: str,
          now: datetime) -> Checked:
    """Check ``code`` for case ``number`` asked by ``sender``; records the attempt."""
    number, code = normalize_number(number), normalize_code(code)
    if failed_guesses(session, StatusAttempt.sender == sender, now) >= GUESS_LIMIT:
        return Checked(Outcome.THROTTLED)
    if failed_guesses(session, StatusAttempt.case_number == number, now) >= CASE_GUESS_LIMIT:
        return Checked(Outcome.THROTTLED)
    case = cases.find_case(session, number) if _NUMBER.fullmatch(number) else None
    stored = case.code_hash if case is not None else hasher.hash("-", "-")
    valid = hasher.verify(number, code, stored)
    succeeded = case is not None and valid and bool(code)
    session.add(StatusAttempt(sender=sender, case_number=number, succeeded=succeeded, at=now))
    if case is None or not succeeded:
        return Checked(Outcome.NOT_FOUND)
    cases.record(session, case, sender, "status_with_code", now)
    return Checked(Outcome.FOUND, case)


def failed_guesses(session: Session, whose: Any, now: datetime) -> int:
    """Failed code checks matching ``whose`` (a sender, or a case number) in GUESS_WINDOW."""
    return session.exec(
        select(func.count()).select_from(StatusAttempt).where(
            whose,
            col(StatusAttempt.succeeded).is_(False),
            col(StatusAttempt.at) >= now - GUESS_WINDOW,
        )
    ).one()
