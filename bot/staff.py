"""Staff actions on cases, each audited and told to the petitioner on the channel of origin.

Used by the ``cases`` CLI and by the staff console and API. :func:`act` applies one
transition of ``bot.workflow.TRANSITIONS``, queues its notice (``bot.notices``), sends the
dispatch sheet to the handling unit (``bot.dispatch``) and asks for a rating after each answer
(``bot.ratings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import appointments, cases, dispatch, flagged, notices, ratings, supervision, workflow
from bot.clock import local_date
from bot.deadlines import DeadlineEngine
from bot.firewall import UnitTree
from bot.reception import ReceptionSchedule
from storage import Case, CaseEvent, Message

#: Answers after which the petitioner is asked to rate the handling.
_RATED_AFTER = ("answer", "review_answer", "rereview_answer")


class CaseNotFound(LookupError):
    """No case has that number."""


def get(session: Session, number: str) -> Case:
    case = cases.find_case(session, number)
    if case is None:
        raise CaseNotFound(number)
    return case


def act(session: Session, number: str, action: str, *, actor: str, now: datetime,
        deadlines: DeadlineEngine, units: UnitTree, **fields: Any) -> dict[str, Any]:
    """Apply ``action`` to case ``number``, queue what follows from it, return the view.

    ``units`` is the bureau's :class:`UnitTree` (``Core.units``) for the whistleblower firewall.
    """
    case = get(session, number)
    outcome = workflow.apply(session, case, action, actor=actor, now=now, deadlines=deadlines,
                             units=units, fields=fields)
    if outcome.notice:
        notices.queue_notice(session, case, outcome.notice, now, fields=outcome.notice_fields)
    if action == "assign":
        dispatch.queue_to_unit(session, case, units, now)
    if action in _RATED_AFTER:
        ratings.ask(session, case, now)
    view = cases.case_view(session, case)
    if outcome.details.get("late_days"):
        # Allowed, but staff must see it (an acceptance 278 days late went unremarked).
        view["warning"] = (f"已超过期限 {outcome.details['late_days']} 日"
                           f"（期限 {outcome.details.get('due', '')}）。")
    return view


def rate(session: Session, number: str, score: int, *, actor: str, now: datetime,
         deadlines: DeadlineEngine, channel: str = "staff") -> dict[str, Any]:
    """A rating staff took down (a phone call, a return visit)."""
    rated = ratings.record(session, get(session, number), score, actor=actor, channel=channel,
                           now=now, deadlines=deadlines)
    view = cases.case_view(session, rated.case)
    view["appeal"] = {"offered": rated.appeal, "due": rated.appeal_due}
    return view


def list_cases(session: Session, status: str = "", limit: int = 200,
               after: str = "") -> list[dict[str, Any]]:
    """Cases newest first; ``after``: continue below this case number (keyset pagination)."""
    return [cases.case_view(session, case)
            for case in session.exec(list_query(session, status, limit, after))]


def list_query(session: Session, status: str, limit: int, after: str) -> SelectOfScalar[Case]:
    """The ``cases list`` page: walks ``ix_case_status_id`` (or the key) and stops at ``limit``."""
    statement = select(Case).order_by(col(Case.id).desc()).limit(limit)
    if status:
        statement = statement.where(Case.status == status)
    if after:
        below = session.exec(select(Case.id).where(Case.number == after.upper())).first()
        statement = statement.where(col(Case.id) < (below or 0))
    return statement


def flagged_messages(session: Session, limit: int = 200, after: int = 0) -> list[dict[str, Any]]:
    """Messages flagged for a person that no case holds, newest first: a request for a person
    from someone with no case, a faint emergency signal in a question, a flood. A person must
    read them (the bot told the citizen one would); ``message_handled`` takes one off.
    ``after``: continue below this message id (keyset pagination). The one read of them: the
    ``cases flagged`` CLI, the console and the API each show these rows (the latter two masked,
    ``bot.api.personal.flagged_row``)."""
    statement = (select(Message)
                 .where(col(Message.needs_human).is_(True), col(Message.case_id).is_(None),
                        Message.direction == "in")
                 .order_by(col(Message.id).desc()).limit(limit))
    if after:
        statement = statement.where(col(Message.id) < after)
    return [_flagged_row(m) | {"text": m.text[:500]} for m in session.exec(statement)]


def flagged_message(session: Session, message_id: int) -> dict[str, Any]:
    """One message of ``flagged_messages``, its text whole (with a mail's subject): what a
    clerk opens to call the citizen back (the console's and the API's audited single view)."""
    message = _flagged(session, message_id)
    return _flagged_row(message) | {"subject": message.subject, "text": message.text}


def message_handled(session: Session, message_id: int, *, actor: str,
                    now: datetime) -> dict[str, Any]:
    """A person has dealt with a flagged message: off the list, with who and when kept on it."""
    message = _flagged(session, message_id)
    message.needs_human = False
    message.meta = {**message.meta, "handled_by": actor, "handled_at": now.isoformat()}
    session.add(message)
    return {"id": message_id, "handled_by": actor, "handled_at": now.isoformat()}


class MessageNotFlagged(LookupError):
    """No flagged message without a case has this id."""


def _flagged(session: Session, message_id: int) -> Message:
    """The message ``message_id`` if ``flagged_messages`` lists it, else MessageNotFlagged."""
    message = session.get(Message, message_id)
    if (message is None or not message.needs_human or message.case_id is not None
            or message.direction != "in"):
        raise MessageNotFlagged(message_id)
    return message


def _flagged_row(m: Message) -> dict[str, Any]:
    return {"id": m.id, "channel": m.channel, "sender": m.sender, "sender_name": m.sender_name,
            "received_at": m.received_at.isoformat(), "reason": flagged.reason_of(m)}


def show_case(session: Session, number: str) -> dict[str, Any]:
    return cases.case_view(session, get(session, number), with_messages=True)


def timeline(session: Session, number: str) -> list[dict[str, Any]]:
    """The audit trail of a case: every event with actor, time and details."""
    case = get(session, number)
    return [
        {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "details": e.details}
        for e in session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id))
        )
    ]


def dispatch_sheet(session: Session, number: str, units: UnitTree | None = None) -> dict[str, Any]:
    """The handling unit's sheet; raises ``bot.dispatch.DispatchRefused`` past the firewall."""
    return dispatch.dispatch_sheet(session, get(session, number), units)


def overdue(session: Session, deadlines: DeadlineEngine, today: date,
            near_days: int = supervision.NEAR_DAYS) -> list[dict[str, Any]]:
    return supervision.as_rows(supervision.scan(session, deadlines, today, near_days))


def book(session: Session, number: str, schedule: ReceptionSchedule, *, actor: str,
         now: datetime, day: date | None = None) -> dict[str, Any]:
    appointment = appointments.book(session, get(session, number), schedule, actor=actor,
                                    now=now, day=day)
    return {"case": number.upper(), "day": appointment.day.isoformat(),
            "leader": appointment.leader, "status": appointment.status}


def revisit(session: Session, number: str, day: date, *, actor: str,
            now: datetime) -> dict[str, Any]:
    visit = appointments.schedule_return_visit(session, get(session, number), day, actor=actor,
                                               now=now)
    return {"case": number.upper(), "kind": visit.kind, "day": visit.day.isoformat(),
            "status": visit.status}


def revisit_done(session: Session, number: str, result: str, *, actor: str, now: datetime,
                 deadlines: DeadlineEngine, score: int | None = None) -> dict[str, Any]:
    case = get(session, number)
    visit = appointments.record_return_visit(session, case, result, actor=actor, now=now)
    row: dict[str, Any] = {"case": case.number, "kind": visit.kind, "day": visit.day.isoformat(),
                           "status": visit.status, "result": visit.result}
    if score is not None:
        row["rating"] = rate(session, number, score, actor=actor, now=now, deadlines=deadlines,
                             channel="return_visit")["appeal"]
        if row["rating"]["offered"]:
            # A low grade taken down by staff: the petitioner hears of the appeal and its last
            # day on the channel they came from, as after a low grade they sent themselves.
            notices.queue_notice(session, case, "appeal_offered", now, fields={
                "appeal": row["rating"]["offered"], "appeal_due": row["rating"]["due"]})
    return row


def appointment_list(session: Session, day: date) -> list[dict[str, Any]]:
    return appointments.day_list(session, day)


def rating_table(session: Session) -> list[dict[str, Any]]:
    return ratings.by_unit(session)


def reception_days(schedule: ReceptionSchedule, now: datetime,
                   count: int = 3) -> Sequence[dict[str, Any]]:
    return [{"date": day.date.isoformat(), "leader": day.leader, "substituted": day.substituted,
             "estimated": day.estimated}
            for day in appointments.upcoming(schedule, local_date(now), count)]
