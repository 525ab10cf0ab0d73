"""Supervision (督办, Art 40): near-due and overdue cases surface to supervising staff.

:func:`scan` lists every case whose running deadline (acceptance, handling, 复查 or 复核
answer) is within ``near_days`` or past. :func:`supervise` climbs each case up the deadline
ladder of the escalation table (bot/escalation_rules.py: near-due → overdue → overdue by N
days → the level above): each rung once per case and due date, a ``supervise`` CaseEvent and
staff notices (bot/escalation.py). It also turns the audit trail's emergencies, collective
warnings, 批示 and late acceptances into notices. Logs carry counts, never petitioner data.

A round must never hold SQLite's one writer for long (issue 21): :func:`candidates` selects,
in SQL on a reader, only cases whose due date is near or past AND whose due date or rung has
changed since they were last raised (``supervision_due`` / ``supervision_next``); the
:class:`Supervisor` then raises them in small write transactions, each its own job on the
writer, so an arriving letter's store runs between two of them.

Before each round the :class:`Supervisor` asks its :class:`~bot.calendar_watch.CalendarWatch`
whether the holidays file changed; if so every running deadline is counted again on the new
days (bot/deadline_refresh.py) and a moved one is recorded on its case, then climbs (or
stays on) the ladder by its new date.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy import case as when
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot import cases, workflow
from bot.calendar_watch import CalendarWatch
from bot.clock import Clock, local_date
from bot.deadline_refresh import DeadlineRefresh
from bot.deadlines import DeadlineEngine, days_left
from bot.escalation import (
    EVENTS_PER_STEP,
    Recipients,
    escalate_deadline,
    escalate_events,
    escalate_side_deadlines,
)
from bot.escalation_rules import EscalationRules
from storage import Case, Store, StoreUnavailable
from storage.locks import try_round_lock

log = logging.getLogger(__name__)

STAGES = {"registered": "acceptance", "accepted": "handling", "assigned": "handling",
          "review_requested": "review", "rereview_requested": "rereview"}
NEAR_DAYS = 3
#: Cases raised per write transaction: small enough that an arrival waits for one chunk at
#: most (a few milliseconds), large enough that a round of thousands is not all overhead.
CHUNK = 50


@dataclass(frozen=True, slots=True)
class Item:
    number: str
    status: str
    stage: str
    unit: str
    due: str
    days_left: int  # negative: days overdue
    level: str  # near_due / overdue
    paused: bool  # a 复核 hearing is open: the clock stands still


def due_of(case: Case, deadlines: DeadlineEngine, today: date) -> tuple[date | None, bool]:
    """The running due date and whether a hearing pauses it now."""
    if case.status == "rereview_requested" and case.review_started_on is not None:
        paused = bool(case.hearing_pauses) and not case.hearing_pauses[-1][1]
        return workflow.rereview_due(deadlines, case, today).date, paused
    return cases.next_deadline(case), False


def _due_column() -> Any:
    """The running due date of a case, by status (what :func:`cases.next_deadline` reads)."""
    return when((col(Case.status) == "registered", col(Case.acceptance_due)),
                (col(Case.status).in_(("accepted", "assigned")), col(Case.handling_due)),
                else_=col(Case.review_due))


def _due_by(last_day: date) -> ColumnElement[bool]:
    """Cases whose running due date is on or before ``last_day``; one indexed range per
    status group, so the database never reads the cases that are far from due.

    A 复核 whose hearings paused it is due later than ``review_due``, never earlier: the
    stored date is a safe bound."""
    return or_(
        and_(col(Case.status) == "registered", col(Case.acceptance_due) <= last_day),
        and_(col(Case.status).in_(("accepted", "assigned")), col(Case.handling_due) <= last_day),
        and_(col(Case.status).in_(("review_requested", "rereview_requested")),
             col(Case.review_due) <= last_day),
    )


def scan(session: Session, deadlines: DeadlineEngine, today: date,
         near_days: int = NEAR_DAYS) -> list[Item]:
    """Near-due and overdue cases, most overdue first."""
    items = []
    for case in session.exec(select(Case).where(_due_by(today + timedelta(days=near_days)))):
        due, paused = due_of(case, deadlines, today)
        if due is None or paused:
            continue
        left = days_left(due, today)
        if left > near_days:
            continue
        items.append(Item(case.number, case.status, STAGES[case.status], case.unit,
                          due.isoformat(), left, "overdue" if left < 0 else "near_due", paused))
    return sorted(items, key=lambda item: (item.days_left, item.number))


def candidates(session: Session, today: date, rules: EscalationRules) -> list[int]:
    """Ids of the cases a round must look at: near or past due, and new to their rung.

    A case already raised for this due date is skipped until the day its next rung starts
    (``supervision_next``), without loading it."""
    return [int(case_id) for case_id in session.exec(candidates_statement(today, rules))
            if case_id is not None]


def candidates_statement(today: date, rules: EscalationRules) -> SelectOfScalar[Any]:
    """The SQL of :func:`candidates`: one (status, due date) index range per status group."""
    changed = or_(col(Case.supervision_due).is_(None),
                  col(Case.supervision_due) != _due_column(),
                  col(Case.supervision_next) <= today)
    return (select(Case.id).where(_due_by(today + timedelta(days=rules.lookahead())), changed)
            .order_by(col(Case.id)))


def raise_cases(session: Session, ids: Sequence[int], deadlines: DeadlineEngine,
                now: datetime, rules: EscalationRules, recipients: Recipients) -> list[Item]:
    """Climb each of these cases to its rung; escalate the ones that moved up."""
    today = local_date(now)
    raised: list[Item] = []
    if not ids:
        return raised
    for case in session.exec(select(Case).where(col(Case.id).in_(list(ids)))):
        if case.status not in STAGES:
            continue  # moved on since it was selected
        due, paused = due_of(case, deadlines, today)
        if due is None or paused:
            continue
        rung, next_day = rules.rung(due, today)
        if rung is None:
            continue
        if case.supervision == rung.name and case.supervision_due == due:
            if case.supervision_next != next_day:
                case.supervision_next = next_day
                session.add(case)
            continue
        left = days_left(due, today)
        item = Item(case.number, case.status, STAGES[case.status], case.unit, due.isoformat(),
                    left, "overdue" if left < 0 else "near_due", paused)
        case.supervision, case.supervision_due, case.supervision_next = rung.name, due, next_day
        session.add(case)
        cases.record(session, case, "bot:督办", "supervise", now, level=item.level,
                     rule=rung.name, stage=item.stage, due=item.due, days_left=left,
                     unit=item.unit)
        escalate_deadline(session, case, rung, recipients, now, stage=item.stage, due=due,
                          days_left=left)
        raised.append(item)
    return raised


def counts_of(raised: Iterable[Item]) -> dict[str, int]:
    items = list(raised)
    return {"raised": len(items),
            "overdue": sum(1 for i in items if i.level == "overdue"),
            "near_due": sum(1 for i in items if i.level == "near_due")}


def supervise(session: Session, deadlines: DeadlineEngine, now: datetime, *,
              near_days: int = NEAR_DAYS, supervisor_mail: str = "",
              rules: EscalationRules | None = None,
              recipients: Recipients | None = None) -> dict[str, int]:
    """One whole round in this transaction (the CLI, tests); ``serve`` runs it in chunks.

    ``near_days`` only bounds :func:`scan`'s list; the rungs come from the escalation table.
    With several processes on one PostgreSQL database, one of them runs a round at a time;
    the others skip theirs (``skipped`` = 1), so a case is never raised twice at once."""
    del near_days
    if not try_round_lock(session, "supervise"):
        return {"raised": 0, "overdue": 0, "near_due": 0, "skipped": 1}
    rules = rules or EscalationRules.load()
    recipients = recipients or Recipients(supervisor_mail=supervisor_mail)
    ids = candidates(session, local_date(now), rules)
    counts = counts_of(raise_cases(session, ids, deadlines, now, rules, recipients))
    while escalate_events(session, rules, recipients, now) >= EVENTS_PER_STEP:
        pass  # read the audit trail to its end
    while escalate_side_deadlines(session, rules, recipients, now) >= EVENTS_PER_STEP:
        pass
    _log(counts)
    return counts


def _log(counts: dict[str, int]) -> None:
    if counts["raised"]:
        log.info("supervision: %d raised (%d overdue, %d near due)", counts["raised"],
                 counts["overdue"], counts["near_due"])


def as_rows(items: list[Item]) -> list[dict[str, Any]]:
    return [asdict(item) for item in items]


class Supervisor:
    """The ``serve`` task: supervises every ``interval`` seconds, in small transactions."""

    def __init__(self, store: Store, clock: Clock, deadlines: DeadlineEngine, *,
                 interval: float = 3600.0, near_days: int = NEAR_DAYS,
                 supervisor_mail: str = "", rules: EscalationRules | None = None,
                 recipients: Recipients | None = None, chunk: int = CHUNK,
                 calendar: CalendarWatch | None = None) -> None:
        self.store = store
        self.clock = clock
        self.deadlines = deadlines
        self.interval = interval
        self.near_days = near_days
        self.rules = rules or EscalationRules.load()
        self.recipients = recipients or Recipients(supervisor_mail=supervisor_mail)
        self.chunk = chunk
        self.calendar = calendar

    async def run_once(self) -> dict[str, int]:
        # The holidays file may have changed since the last round: count every running
        # deadline again on the new days before looking for late ones (issue 16 item 6).
        recomputed = await self._follow_calendar()
        now = self.clock.now()
        # Selecting is a read: on SQLite (WAL) it runs beside the writer, not on it.
        ids = await self.store.read(lambda s: candidates(s, local_date(now), self.rules))
        raised: list[Item] = []
        skipped = 0
        for start in range(0, len(ids), self.chunk):
            part = ids[start:start + self.chunk]

            def step(session: Session, part: Sequence[int] = part) -> list[Item] | None:
                if not try_round_lock(session, "supervise"):
                    return None  # another process is mid-round; its chunks cover these
                return raise_cases(session, part, self.deadlines, now, self.rules,
                                   self.recipients)

            done = await self.store.write(step)
            if done is None:
                skipped = 1
                break
            raised.extend(done)
        def events(session: Session) -> int:
            if not try_round_lock(session, "supervise"):
                return 0  # another process is reading the trail
            return escalate_events(session, self.rules, self.recipients, now)

        while not skipped and await self.store.write(events) >= EVENTS_PER_STEP:
            pass  # one step of the audit trail per transaction

        def unit_notices(session: Session) -> int:
            if not try_round_lock(session, "supervise"):
                return 0
            return escalate_side_deadlines(session, self.rules, self.recipients, now)

        while not skipped and await self.store.write(unit_notices) >= EVENTS_PER_STEP:
            pass
        counts = counts_of(raised)
        _log(counts)
        return (counts | ({"skipped": 1} if skipped else {})
                | ({"recomputed": recomputed} if recomputed is not None else {}))

    async def _follow_calendar(self) -> int | None:
        """Deadlines moved by a changed holidays file; None when it has not changed."""
        if self.calendar is None:
            return None
        change = await asyncio.to_thread(self.calendar.check)
        if change is None:
            return None
        refresh = DeadlineRefresh(self.store, self.clock, self.deadlines)
        return await refresh.run_once(**change.details())

    async def run(self) -> None:
        while True:
            try:
                await self.run_once()
            except StoreUnavailable:
                log.warning("supervision: store unavailable; retrying next round")
            await asyncio.sleep(self.interval)
