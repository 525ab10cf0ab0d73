"""Status look-ups on the hot path: Core SELECTs of the few columns a status answer shows.

A status question is the commonest thing a citizen sends once a case exists. Loading whole
``Case`` ORM objects for it cost far more than the indexed reads themselves (68 % of 14.8 ms
at a million cases: every column, JSON decoding, model validation); these functions read the
columns a status line needs into a slotted tuple and never build an ORM object. The answers
are the ones ``Conversation`` gives (``tests/bot/test_lookup.py`` compares them).

It is the one status path: the dialogue's status answers (``bot/dialogue/status.py``, the
case-button tap) look cases up here and word them with :func:`status_line`; a case the turn
already holds as an ORM object goes through :func:`of_case`.

Public surface for the dialogue: :func:`cases_of`, :func:`by_number`, :func:`of_case`,
:func:`status_line`, :func:`open_or_latest`.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlmodel import Session

from bot import texts
from bot.cases import OPEN_STATUSES
from storage import Case

_CASE = Case.__table__.c  # type: ignore[attr-defined]
_COLUMNS = (_CASE.id, _CASE.number, _CASE.status, _CASE.unit, _CASE.answer,
            _CASE.petitioner_id, _CASE.code_hash, _CASE.acceptance_due, _CASE.handling_due,
            _CASE.review_due)


class CaseStatus(NamedTuple):
    """What a status answer says about one case, and what checks who may hear it."""

    id: int
    number: str
    status: str
    unit: str
    answer: str
    petitioner_id: int
    code_hash: str
    acceptance_due: date | None
    handling_due: date | None
    review_due: date | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue(self, today: date) -> bool:
        """Whether the next deadline has passed on ``today``."""
        deadline = self.next_deadline()
        return deadline is not None and deadline < today

    def next_deadline(self) -> date | None:
        """``bot.cases.next_deadline`` on these columns."""
        if self.status == "registered":
            return self.acceptance_due
        if self.status in ("accepted", "assigned"):
            return self.handling_due
        if self.status in ("review_requested", "rereview_requested"):
            return self.review_due
        return None


# Built once: each call binds its values only, so SQLAlchemy's compiled-statement cache hits
# on a key computed from a ready statement, and the statements run on the session's
# connection (Core), not through the ORM's execute (which sets up an ORM compile state even
# for plain columns).
_OF_PETITIONER = (select(*_COLUMNS).where(_CASE.petitioner_id == bindparam("petitioner_id"))
                  .order_by(_CASE.id.desc()).limit(bindparam("limit")))
_BY_NUMBER = select(*_COLUMNS).where(_CASE.number == bindparam("number"))


def cases_of(session: Session, petitioner_id: int, limit: int = 50) -> list[CaseStatus]:
    """The petitioner's cases, newest first (``ix_case_petitioner_id``, then the key)."""
    rows = session.connection().execute(
        _OF_PETITIONER, {"petitioner_id": petitioner_id, "limit": limit})
    return [CaseStatus._make(row) for row in rows]


def by_number(session: Session, number: str) -> CaseStatus | None:
    """The case with this number (``ix_case_number``), or None."""
    row = session.connection().execute(_BY_NUMBER, {"number": number.upper()}).first()
    return CaseStatus._make(row) if row is not None else None


def of_case(case: Case) -> CaseStatus:
    """The status columns of a case the caller already holds as an ORM object."""
    return CaseStatus(*(getattr(case, column.name) for column in _COLUMNS))


def open_or_latest(mine: list[CaseStatus]) -> list[CaseStatus]:
    """The cases a status question without a number is about: the open ones, else the latest."""
    return [case for case in mine if case.is_open] or mine[:1]


def status_line(case: CaseStatus, language: str, today: date | None = None) -> str:
    """The status answer for one case, word for word the conversation's; a deadline passed by
    ``today`` is said to be passed, not given as the next one."""
    deadline = case.next_deadline()
    passed = today is not None and case.overdue(today)
    return texts.say(
        language, "status",
        number=case.number,
        status=texts.status_name(language, case.status),
        unit=texts.say(language, "status_unit", unit=case.unit) if case.unit else "",
        deadline=(texts.say(language, "status_overdue" if passed else "status_deadline",
                            deadline=deadline.isoformat()) if deadline else ""),
        answer=texts.say(language, "status_answer", answer=case.answer) if case.answer else "",
    ).strip()
