"""Leader reception appointments (预约接访) and return visits after an answer (回访).

Reception days come from :class:`bot.reception.ReceptionSchedule`, configured by the bureau's
TOML (``bot/data/reception.toml``, ``XINFANG_RECEPTION_FILE``). Booking queues a confirmation
now and a reminder for 09:00 the day before (an outbox row held until then); staff see the
day's list with ``cases appointments``.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot import cases, notices
from bot.clock import local_date
from bot.reception import ReceptionConfigError, ReceptionDay, ReceptionSchedule
from bot.workdays import WorkCalendar
from storage import Appointment, Case, Petitioner

DEFAULT_RECEPTION = Path(__file__).parent / "data" / "reception.toml"


class AppointmentRefused(ValueError):
    """A booking or visit the case or the calendar does not allow; the message says why."""


def load_schedule(path: Path | None, calendar: WorkCalendar) -> ReceptionSchedule:
    """The reception schedule from TOML: top-level keys, or a ``[reception]`` table."""
    source = path or DEFAULT_RECEPTION
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReceptionConfigError(f"{source}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReceptionConfigError(f"{source}: not valid TOML ({exc})") from None
    table = data.get("reception", data)
    return ReceptionSchedule.from_mapping(table, calendar, source=str(source))


def upcoming(schedule: ReceptionSchedule, today: date, count: int = 2) -> list[ReceptionDay]:
    """The next ``count`` reception days after today (today's is too late to book)."""
    days: list[ReceptionDay] = []
    start = date.fromordinal(today.toordinal() + 1)
    while len(days) < count:
        day = schedule.next_reception(start)
        days.append(day)
        start = date.fromordinal(day.date.toordinal() + 1)
    return days


def book(session: Session, case: Case, schedule: ReceptionSchedule, *, actor: str,
         now: datetime, day: date | None = None) -> Appointment:
    """Book the case on a reception day (the next one by default); queue notice and reminder."""
    if case.status in ("merged", "withdrawn"):
        raise AppointmentRefused(f"case {case.number} is {case.status}")
    today = local_date(now)
    if day is None:
        reception = upcoming(schedule, today, 1)[0]
    else:
        matches = schedule.reception_days(day, day)
        if not matches:
            following = schedule.next_reception(day).date
            raise AppointmentRefused(f"{day} is not a reception day; the next is {following}")
        reception = matches[0]
    if reception.date <= today:
        raise AppointmentRefused(f"{reception.date} is not after today ({today})")
    existing = session.exec(
        select(Appointment).where(Appointment.case_id == case.id, Appointment.kind == "reception",
                                  Appointment.status == "booked",
                                  col(Appointment.day) >= today)
    ).first()
    if existing is not None:
        raise AppointmentRefused(f"case {case.number} is already booked for {existing.day}")
    appointment = Appointment(case_id=_id(case), kind="reception", day=reception.date,
                              leader=reception.leader or "", created_by=actor, created_at=now)
    session.add(appointment)
    cases.record(session, case, actor, "appointment_booked", now, day=reception.date.isoformat(),
                 leader=appointment.leader, estimated=reception.estimated)
    fields = {"day": reception.date.isoformat(), "leader": appointment.leader or "值班领导"}
    notices.queue_notice(session, case, "appointment_booked", now, fields=fields)
    notices.queue_notice(session, case, "appointment_reminder", now,
                         send_at=notices.day_before_at_nine(reception.date, now), fields=fields)
    return appointment


def schedule_return_visit(session: Session, case: Case, day: date, *, actor: str,
                          now: datetime) -> Appointment:
    """回访: after an answer, staff plan to call on the petitioner."""
    if case.answered_at is None:
        raise AppointmentRefused(f"case {case.number} has no answer yet: return visits follow "
                                 f"an answer")
    if day < local_date(now):
        raise AppointmentRefused(f"{day} is in the past")
    visit = Appointment(case_id=_id(case), kind="return_visit", day=day, created_by=actor,
                        created_at=now)
    session.add(visit)
    cases.record(session, case, actor, "return_visit_scheduled", now, day=day.isoformat())
    notices.queue_notice(session, case, "return_visit", now, fields={"day": day.isoformat()})
    return visit


def record_return_visit(session: Session, case: Case, result: str, *, actor: str,
                        now: datetime) -> Appointment:
    """The result of the planned return visit (the earliest still open)."""
    if not result.strip():
        raise AppointmentRefused("a return visit result needs its text")
    visit = session.exec(
        select(Appointment).where(Appointment.case_id == case.id,
                                  Appointment.kind == "return_visit",
                                  Appointment.status == "booked")
        .order_by(col(Appointment.day), col(Appointment.id))
    ).first()
    if visit is None:
        raise AppointmentRefused(f"case {case.number} has no return visit planned "
                                 f"(cases revisit {case.number} --date …)")
    visit.status, visit.result, visit.done_at = "done", result.strip(), now
    session.add(visit)
    cases.record(session, case, actor, "return_visit_done", now, day=visit.day.isoformat(),
                 result=visit.result)
    return visit


def day_list(session: Session, day: date) -> list[dict[str, Any]]:
    """The day's appointments and return visits for staff, in booking order."""
    rows = session.exec(
        select(Appointment, Case).where(Appointment.day == day, Appointment.case_id == Case.id)
        .order_by(col(Appointment.kind), col(Appointment.id))
    )
    listing = []
    for appointment, case in rows:
        petitioner = session.get(Petitioner, case.petitioner_id)
        listing.append({
            "day": appointment.day.isoformat(), "kind": appointment.kind,
            "case": case.number, "status": appointment.status,
            "leader": appointment.leader, "unit": case.unit, "category": case.category,
            "case_status": case.status,
            "petitioner": petitioner.name if petitioner is not None else "",
            "result": appointment.result,
        })
    return listing


def _id(case: Case) -> int:
    if case.id is None:
        raise ValueError("case has no id yet")
    return case.id

