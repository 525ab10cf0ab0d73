"""Cases: registration, guarded transitions, and the audit trail.

Every function takes the caller's :class:`Session` and changes the case and its
:class:`CaseEvent` rows in that one transaction. The statutory state machine that moves a case
after registration is ``bot.workflow.TRANSITIONS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import String, bindparam, inspect, literal_column
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from bot.clock import local_date
from bot.codes import UNISSUED, case_number, case_number_prefix
from bot.codeslot import CODE_SLOT
from bot.deadlines import DeadlineEngine, Due
from storage import Case, CaseEvent, Identity, Message, Outbox, Store
from storage.prepared import Prepared, connection_of
from storage.rows import adopt, full_row, insert_row

#: A matter accepted or in progress (Art 19): the same matter sent again attaches to it.
OPEN_STATUSES = ("registered", "accepted", "assigned", "review_requested", "rereview_requested")

#: Events are fixed-shape rows: written at driver level (storage.prepared).
_EVENT_INSERT = Prepared(CaseEvent.__table__.insert())  # type: ignore[attr-defined]
_CASES = Case.__table__  # type: ignore[attr-defined]
_TOUCH = Prepared(_CASES.update().where(_CASES.c.id == bindparam("row_id"))
                  .values(updated_at=bindparam("updated_at")))
#: PostgreSQL: a new case's serial drawn from ``case_number_seq`` inside its own INSERT and
#: written as :func:`bot.codes.case_number` writes it (six digits at least, more past
#: 999,999): one round trip instead of a ``nextval`` and then the insert (issue 17; half a
#: statement a message of the decide's five). The number comes back with the id.
_SERIAL_DIGITS = literal_column(
    "(SELECT CASE WHEN serial < 1000000 THEN lpad(serial::text, 6, '0') ELSE serial::text "
    "END FROM (SELECT nextval('case_number_seq') AS serial) AS drawn)", String)
_INSERT_NUMBERED = Prepared(
    _CASES.insert()
    .values(number=bindparam("number_prefix", type_=String) + _SERIAL_DIGITS)
    .returning(_CASES.c.id, _CASES.c.number))


@dataclass(frozen=True, slots=True)
class NewCase:
    case: Case
    #: Where the query code goes in the reply: the code itself is drawn when the reply is
    #: sent and never stored in clear (``bot.codeslot``).
    code: str = CODE_SLOT


def _deadline_details(due: Due) -> dict[str, Any]:
    details: dict[str, Any] = {"rule": due.rule.key, "due": due.date.isoformat()}
    if due.warnings:
        # Staff must see when a date was counted without holiday data (weekends only).
        details["calendar_warnings"] = list(due.warnings)
    return details


class Identified(Protocol):
    """A row by its id: an ORM object, or a Core read of its columns (``bot.lookup``)."""

    @property
    def id(self) -> int | None: ...


def record(session: Session, case: Identified, actor: str, action: str, at: datetime,
           **details: Any) -> None:
    # One Core INSERT, no ORM object: nothing reads an event back from the session, and the
    # unit of work cost more than the row on the decide path (issue 17). The row is written at
    # once, so events keep the order they were recorded in.
    _EVENT_INSERT.execute(connection_of(session), _event(case, actor, action, at, details))


class Events:
    """Events recorded together: held, then written in recording order by one executemany.
    For a run of events with no read of events between them (a case's registration)."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def record(self, case: Identified, actor: str, action: str, at: datetime,
               **details: Any) -> None:
        self.rows.append(_event(case, actor, action, at, details))

    def write(self, session: Session) -> None:
        if self.rows:
            _EVENT_INSERT.execute(connection_of(session), self.rows)
            self.rows = []


def _event(case: Identified, actor: str, action: str, at: datetime,
           details: dict[str, Any]) -> dict[str, Any]:
    return {"case_id": _id(case), "actor": actor, "action": action, "at": at,
            "details": details}


def register(
    session: Session,
    store: Store,
    deadlines: DeadlineEngine,
    *,
    identity: Identity,
    message: Message,
    category: str,
    confidence: float,
    now: datetime,
    actor: str = "bot",
    judged: Mapping[str, Any] | None = None,
    events: Events | None = None,
) -> NewCase:
    """Register a new case from an inbound message (登记: everything received is registered).

    ``judged``: more of the case's columns already known (the dialogue's judgements and
    routing proposal), written in the same insert. ``events``: the ``register`` event is
    held there, for the caller to write with the events that follow it."""
    numbered = session.get_bind().dialect.name == "postgresql"
    year = local_date(now).year
    # (SQLite: its serials are counted per transaction, Store.next_case_serial)
    number = "" if numbered else case_number(year, store.next_case_serial(session))
    acceptance = deadlines.due("acceptance_notice", local_date(message.received_at))
    row: dict[str, Any] = {
        "number": number,
        # Until the acknowledgement is sent, a value no code's HMAC equals: no code works
        # before the petitioner has one (bot.codeslot draws it at send time).
        "code_hash": UNISSUED,
        "petitioner_id": identity.petitioner_id,
        "identity_id": _id(identity),
        "channel": message.channel,
        "subject": message.subject[:200],
        "category": category,
        "category_confidence": confidence,
        "needs_human": message.needs_human,
        "received_at": message.received_at,
        "acceptance_due": acceptance.date,
        "created_at": now,
        "updated_at": now,
        **(judged or {}),
    }
    # One Core insert and the row adopted as the ORM object (storage.rows): the unit of work
    # and the model's constructor cost three times the insert (issue 17). The queue ranks the
    # mapper events keep on ORM writes are filled here.
    values = _queue_rank.fill(full_row(Case, row))
    if numbered:
        del values["number"]
        returned = _INSERT_NUMBERED.execute(connection_of(session),
                                            {**values, "number_prefix": case_number_prefix(year)})
        assert returned is not None and len(returned) == 1  # one row given, RETURNING it
        values["id"], values["number"] = returned[0]
        case = adopt(session, Case, values)
    else:
        case = insert_row(session, Case, values)
    message.case_id = case.id
    if message not in session:  # add() of a row already here only walks its cascades
        session.add(message)
    (events or _Now(session)).record(
        case, actor, "register", now, channel=message.channel, message_id=message.id,
        category=category, confidence=round(confidence, 3),
        deadline=_deadline_details(acceptance))
    return NewCase(case)


class _Now:
    """:class:`Events`' shape for events written at once (:func:`record`)."""

    __slots__ = ("session",)

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, case: Identified, actor: str, action: str, at: datetime,
               **details: Any) -> None:
        record(self.session, case, actor, action, at, **details)


def touch(session: Session, case: Case, at: datetime) -> None:
    """``case.updated_at = at``: a message filed under the case (a supplement, a repeat).

    When nothing else of the case waits to be flushed and its stored queue ranks are what
    the mapper events would keep, one driver-level UPDATE of the column now and the object
    told the value as written: a unit-of-work flush of the same row cost several times the
    statement (issue 17). Otherwise the unit of work writes it with the rest, as before."""
    state = inspect(case)
    if (not state.persistent or state.modified or state.session is not session
            or _queue_rank.ranks(case) != (case.queue_rank, case.triage_rank)):
        case.updated_at = at
        session.add(case)
        return
    _TOUCH.execute(connection_of(session), {"row_id": _id(case), "updated_at": at})
    set_committed_value(case, "updated_at", at)


def find_case(session: Session, number: str) -> Case | None:
    return session.exec(select(Case).where(Case.number == number.upper())).first()


def cases_of(session: Session, petitioner_id: int) -> list[Case]:
    statement = (
        select(Case).where(Case.petitioner_id == petitioner_id).order_by(col(Case.id).desc())
    )
    return list(session.exec(statement))


def next_deadline(case: Case) -> date | None:
    """The next date staff owe something on the case (None: nothing is running for staff)."""
    if case.status == "registered":
        return case.acceptance_due
    if case.status in ("accepted", "assigned"):
        return case.handling_due
    if case.status in ("review_requested", "rereview_requested"):
        return case.review_due
    return None


def case_view(session: Session, case: Case, *, with_messages: bool = False) -> dict[str, Any]:
    """The machine-readable picture of a case (``cases show --json``)."""
    view: dict[str, Any] = {
        "number": case.number,
        "status": case.status,
        "category": case.category,
        "category_confidence": round(case.category_confidence, 3),
        "unit": case.unit,
        "channel": case.channel,
        "opted_out": _opted_out(session, case),
        "awaiting": case.awaiting,
        "statutory_type": case.statutory_type,
        "legal_route": case.legal_route,
        "emergency": case.emergency,
        "place": case.place,
        "route": {"unit": case.route_unit, "level": case.route_level,
                  "reasons": case.route_reasons},
        "needs_human": case.needs_human,
        "decision": case.decision,
        "answer": case.answer,
        "assign_mode": case.assign_mode,
        "unit_report": case.unit_report,
        "facts": case.facts,
        "legal_basis": case.legal_basis,
        "accused_units": list(case.accused_units),
        "merged_into": case.merged_into,
        "rating": case.rating,
        "supervision": case.supervision,
        "answered_at": case.answered_at.isoformat() if case.answered_at else None,
        "created_at": case.created_at.isoformat(),
        "deadlines": {
            "acceptance_due": _iso(case.acceptance_due),
            "handling_due": _iso(case.handling_due),
            "extended_days": case.extended_days,
            "review_due": _iso(case.review_due),
            "hearings": [list(pause) for pause in case.hearing_pauses],
            "next": _iso(next_deadline(case)),
        },
    }
    if with_messages:
        messages = session.exec(
            select(Message).where(Message.case_id == case.id).order_by(col(Message.id))
        )
        view["messages"] = [
            {"direction": "in", "channel": m.channel, "subject": m.subject, "text": m.text,
             "time": m.received_at.isoformat()}
            for m in messages
        ]
        replies = session.exec(
            select(Outbox).where(Outbox.case_id == case.id).order_by(col(Outbox.id))
        )
        view["messages"] += [
            {"direction": "out", "channel": o.channel, "subject": o.subject, "text": o.text,
             "time": o.created_at.isoformat(), "status": o.status}
            for o in replies
        ]
        view["messages"].sort(key=lambda item: item["time"])
        events = session.exec(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id))
        )
        view["events"] = [
            {"actor": e.actor, "action": e.action, "at": e.at.isoformat(), "details": e.details}
            for e in events
        ]
    return view


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _id(row: Identified) -> int:
    if row.id is None:
        raise ValueError("row has no id yet: flush the session first")
    return row.id


def _opted_out(session: Session, case: Case) -> bool:
    """Whether the citizen stopped automatic messages on the channel the case came from."""
    identity = session.get(Identity, case.identity_id)
    return bool(identity is not None and identity.opted_out)


# Registers the mapper events that keep each case's queue rank (bot/queue_rank.py) on every
# ORM write, and fills them on register's Core insert: imported last, since it reads
# OPEN_STATUSES from this module.
from bot import queue_rank as _queue_rank
