"""What the citizen's case page shows, read in one transaction.

Status, each deadline, every notice the petitioner was sent about the case in full (never the
dispatch sheets to units or the bot's chat replies), the current 意见书 as a printable letter,
the actions open to them now with their windows, and reception appointments.

Notices on the ``web`` channel have no provider to carry them: showing them here is their
delivery. A notice the signed-in petitioner sees for the first time is recorded as delivered
(status ``sent``, ``delivery_status`` ``read``), which starts the 复查 / 复核 windows from the
day it was read — as a provider's delivery report does on the other channels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from bot import notices, texts, workflow
from bot.appointments import upcoming
from bot.cases import next_deadline
from bot.clock import local_date
from bot.deadlines import DeadlineEngine, days_left
from bot.people import petitioner_of
from bot.reception import ReceptionDay, ReceptionSchedule
from storage import Appointment, Case, CaseEvent, Identity, Outbox

#: Opinion notices, newest stage last: the printable 意见书 is the latest of them.
OPINIONS = {"opinion": "信访处理意见书", "review_opinion": "复查意见书",
            "rereview_opinion": "复核意见书"}
NOTICE_NAMES = {
    "accepted": "受理告知书", "not_accepted": "不予受理告知书", "assigned": "转送/交办告知",
    "extended": "延期告知", **OPINIONS, "review_received": "复查申请收到告知",
    "rereview_received": "复核申请收到告知", "final": "终结告知", "closed": "办结告知",
    "merged": "并单告知", "withdrawn": "撤回告知", "rating_request": "满意度评价邀请",
    "appointment_booked": "接访预约告知", "appointment_reminder": "接访提醒",
    "return_visit": "回访告知",
}
#: Grades as the 12345 platforms word them.
GRADES = ((5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意"))
WEB = "web"


@dataclass(frozen=True, slots=True)
class Deadline:
    name: str
    due: date
    left: int
    running: bool


@dataclass(frozen=True, slots=True)
class Notice:
    name: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Appeal:
    action: str  # review / rereview
    label: str  # 复查 / 复核
    until: date | None  # None: delivery of the opinion not proven yet, so no end is known


@dataclass(slots=True)
class CasePage:
    number: str
    status: str
    status_name: str
    received: date
    category: str
    statutory_type: str
    unit: str
    decision: str
    rating: int | None
    deadlines: list[Deadline] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    opinion: Notice | None = None
    may_rate: bool = False
    appeal: Appeal | None = None
    may_add: bool = False
    booked: list[date] = field(default_factory=list)
    reception: list[ReceptionDay] = field(default_factory=list)
    may_book: bool = False


def case_page(session: Session, case: Case, *, deadlines: DeadlineEngine,
              schedule: ReceptionSchedule | None, now: datetime) -> CasePage:
    """The page of ``case`` for its petitioner; marks web notices shown as delivered."""
    today = local_date(now)
    _deliver_web_notices(session, case, now)
    page = CasePage(
        number=case.number, status=case.status,
        status_name=texts.status_name("zh", case.status),
        received=local_date(notices.as_utc(case.received_at)), category=case.category,
        statutory_type=case.statutory_type, unit=case.unit, decision=case.decision,
        rating=case.rating)
    page.deadlines = _deadlines(case, today)
    page.notices = _notices(session, case)
    page.opinion = _opinion(session, case, deadlines, page.notices)
    page.may_rate = case.status in workflow.ANSWERED
    page.appeal = _appeal(session, case, deadlines, today)
    page.may_add = case.status not in workflow.TERMINAL
    page.booked = [a.day for a in session.exec(
        select(Appointment).where(Appointment.case_id == case.id,
                                  Appointment.kind == "reception",
                                  Appointment.status == "booked",
                                  col(Appointment.day) > today).order_by(col(Appointment.day)))]
    if schedule is not None:
        page.reception = upcoming(schedule, today, 3)
        page.may_book = not page.booked and case.status not in ("merged", "withdrawn")
    return page


def _deadlines(case: Case, today: date) -> list[Deadline]:
    running = next_deadline(case)
    found = []
    for name, due in (("告知是否受理", case.acceptance_due), ("办理并书面答复", case.handling_due),
                      ("复查/复核答复", case.review_due)):
        if due is not None:
            found.append(Deadline(name, due, days_left(due, today), due == running))
    return found


def recipients(session: Session, case: Case) -> list[str]:
    """Every address of the case's petitioner: notices may have gone to any of them."""
    return list(session.exec(select(Identity.urn).where(
        Identity.petitioner_id == case.petitioner_id)))


def _petitioner_rows(session: Session, case: Case) -> list[Outbox]:
    rows = session.exec(
        select(Outbox).where(Outbox.case_id == case.id,
                             col(Outbox.recipient).in_(recipients(session, case)))
        .order_by(col(Outbox.id)))
    # Notices only: the conversation's own replies (status lines, the acknowledgement with
    # its code) are not documents of the case.
    return [row for row in rows if row.payload.get("notice") in NOTICE_NAMES]


def _deliver_web_notices(session: Session, case: Case, now: datetime) -> None:
    for row in _petitioner_rows(session, case):
        due = notices.as_utc(row.next_attempt_at) <= now
        if row.channel == WEB and row.status == "pending" and due:
            row.status, row.sent_at, row.delivered_at = "sent", now, now
            row.delivery_status = "read"
            session.add(row)
    session.flush()


def _notices(session: Session, case: Case) -> list[Notice]:
    shown = []
    for row in _petitioner_rows(session, case):
        if row.status in ("failed", "suppressed") or row.sent_at is None:
            continue  # not sent (yet): a reminder held for the day before, an opted-out one
        shown.append(Notice(NOTICE_NAMES[str(row.payload["notice"])], row.text,
                            notices.as_utc(row.sent_at)))
    return shown


def _opinion(session: Session, case: Case, deadlines: DeadlineEngine,
             shown: list[Notice]) -> Notice | None:
    """The latest written opinion in full: as sent when it went out in full (mail, chat, web),
    else drawn again from the case (an SMS carried only its summary)."""
    stage = _latest_answer(session, case)
    if stage is None or not case.answer:
        return None
    event, key = stage
    title = OPINIONS[key]
    for row in reversed(_petitioner_rows(session, case)):
        if row.payload.get("notice") == key and row.payload.get("form") == "full" \
                and row.sent_at is not None:
            return Notice(title, row.text.removeprefix(title + "\n"),
                          notices.as_utc(row.sent_at))
    answered = local_date(notices.as_utc(event.at))
    identity = session.get(Identity, case.identity_id)
    name = petitioner_of(session, identity).name if identity is not None else ""
    rule = {"opinion": "review_request", "review_opinion": "rereview_request"}.get(key)
    text = notices.render(
        key, "zh", "full", number=case.number, name=name or "—",
        request=workflow.first_request(session, case), facts=case.facts or case.answer,
        decision=case.decision, answer=case.answer, basis=case.legal_basis,
        review_due=deadlines.due(rule, answered).date.isoformat() if rule else "",
        today=answered.isoformat())
    return Notice(title, text.removeprefix(title + "\n"), notices.as_utc(event.at))


def _latest_answer(session: Session, case: Case) -> tuple[CaseEvent, str] | None:
    keys = {"answer": "opinion", "review_answer": "review_opinion",
            "rereview_answer": "rereview_opinion"}
    event = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id,
                                col(CaseEvent.action).in_(list(keys)))
        .order_by(col(CaseEvent.id).desc())).first()
    return (event, keys[event.action]) if event is not None else None


def _appeal(session: Session, case: Case, deadlines: DeadlineEngine,
            today: date) -> Appeal | None:
    """The next appeal open to the petitioner, with the last day to ask for it.

    Shown, not enforced, here: ``bot.workflow`` decides when the request is made.
    """
    reviewed = workflow.has_event(session, case, "review_answer")
    if reviewed:
        action, label, rule, opinion = "rereview", "复核", "rereview_request", "review_opinion"
        if workflow.has_event(session, case, "rereview_answer"):
            return None
    else:
        action, label, rule, opinion = "review", "复查", "review_request", "opinion"
    if case.answered_at is None or case.status not in workflow.TRANSITIONS[action].sources:
        return None
    delivered = notices.delivered_on(session, case, (opinion,))
    if delivered is None:
        return Appeal(action, label, None)
    until = deadlines.due(rule, delivered).date
    return Appeal(action, label, until) if today <= until else None
