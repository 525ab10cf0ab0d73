"""Staff actions on cases, each audited and told to the petitioner on the channel of origin.

Used by the ``cases`` CLI now and by the staff console and API later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot import cases, texts
from bot.deadlines import DeadlineEngine
from bot.people import petitioner_of
from storage import Case, Identity, Outbox

_NOTICE_FOR_ACTION = {
    "accept": "notice_accepted",
    "reject": "notice_not_accepted",
    "assign": "notice_assigned",
    "answer": "notice_answered",
    "close": "notice_closed",
}


class CaseNotFound(LookupError):
    """No case has that number."""


def act(session: Session, number: str, action: str, *, actor: str, now: datetime,
        deadlines: DeadlineEngine, **fields: str) -> dict[str, Any]:
    """Apply ``action`` to case ``number``, queue the petitioner's notice, return the view."""
    case = cases.find_case(session, number)
    if case is None:
        raise CaseNotFound(number)
    cases.transition(session, case, action, actor=actor, now=now, deadlines=deadlines, **fields)
    queue_notice(session, case, _NOTICE_FOR_ACTION[action], now, reason=fields.get("reason", ""),
                 mode=fields.get("mode", "") or "转送", answer=case.answer)
    return cases.case_view(session, case)


def queue_notice(session: Session, case: Case, key: str, now: datetime, **fields: str) -> None:
    """Queue a notice to the case's petitioner, unless they opted out of automatic messages."""
    identity = session.get(Identity, case.identity_id)
    if identity is None or identity.opted_out or identity.blocked:
        return
    language = petitioner_of(session, identity).locale
    due = cases.next_deadline(case)
    text = texts.say(language, key, number=case.number, due=due.isoformat() if due else "",
                     **fields)
    session.add(
        Outbox(
            channel=identity.channel,
            recipient=identity.urn,
            text=text,
            subject=texts.say(language, "subject", number=case.number),
            case_id=case.id,
            payload={"case_number": case.number, "notice": key},
            next_attempt_at=now,
            created_at=now,
        )
    )


def list_cases(session: Session, status: str = "", limit: int = 200) -> list[dict[str, Any]]:
    statement = select(Case).order_by(col(Case.id).desc()).limit(limit)
    if status:
        statement = statement.where(Case.status == status)
    return [cases.case_view(session, case) for case in session.exec(statement)]


def show_case(session: Session, number: str) -> dict[str, Any]:
    case = cases.find_case(session, number)
    if case is None:
        raise CaseNotFound(number)
    return cases.case_view(session, case, with_messages=True)
