"""Supervision (督办, Art 40): near-due and overdue cases surface to supervising staff.

:func:`scan` lists every case whose running deadline (acceptance, handling, 复查 or 复核
answer) is within ``near_days`` or past. :func:`supervise` raises each case once per level
and due date: a ``supervise`` CaseEvent, and one digest to the supervisors' mailbox
(``XINFANG_SUPERVISOR_MAIL``) naming case numbers, stages, dates and units only. Logs carry
counts, never petitioner data. :class:`Supervisor` runs it on an interval inside ``serve``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot import cases, workflow
from bot.clock import Clock, local_date
from bot.deadlines import DeadlineEngine, days_left
from storage import Case, Outbox, Store, StoreUnavailable
from storage.locks import try_round_lock

log = logging.getLogger(__name__)

STAGES = {"registered": "acceptance", "accepted": "handling", "assigned": "handling",
          "review_requested": "review", "rereview_requested": "rereview"}
NEAR_DAYS = 3


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


def scan(session: Session, deadlines: DeadlineEngine, today: date,
         near_days: int = NEAR_DAYS) -> list[Item]:
    """Near-due and overdue cases, most overdue first."""
    items = []
    for case in session.exec(
        select(Case).where(col(Case.status).in_(list(STAGES))).order_by(col(Case.id))
    ):
        due, paused = due_of(case, deadlines, today)
        if due is None or paused:
            continue
        left = days_left(due, today)
        if left > near_days:
            continue
        items.append(Item(case.number, case.status, STAGES[case.status], case.unit,
                          due.isoformat(), left, "overdue" if left < 0 else "near_due", paused))
    return sorted(items, key=lambda item: (item.days_left, item.number))


def supervise(session: Session, deadlines: DeadlineEngine, now: datetime, *,
              near_days: int = NEAR_DAYS, supervisor_mail: str = "") -> dict[str, int]:
    """Raise newly near-due or overdue cases once; queue one digest; return the counts.

    With several processes on one PostgreSQL database, one of them runs a round at a time;
    the others skip theirs (``skipped`` = 1), so a case is never raised twice at once."""
    if not try_round_lock(session, "supervise"):
        return {"raised": 0, "overdue": 0, "near_due": 0, "skipped": 1}
    today = local_date(now)
    raised: list[Item] = []
    for item in scan(session, deadlines, today, near_days):
        case = cases.find_case(session, item.number)
        if case is None:
            continue
        due = date.fromisoformat(item.due)
        if case.supervision == item.level and case.supervision_due == due:
            continue
        case.supervision, case.supervision_due = item.level, due
        session.add(case)
        cases.record(session, case, "bot:督办", "supervise", now, level=item.level,
                     stage=item.stage, due=item.due, days_left=item.days_left, unit=item.unit)
        raised.append(item)
    counts = {"raised": len(raised),
              "overdue": sum(1 for i in raised if i.level == "overdue"),
              "near_due": sum(1 for i in raised if i.level == "near_due")}
    if raised and supervisor_mail:
        lines = [f"督办提示 {today}：{len(raised)} 件事项临期或超期。"] + [
            f"{i.number} {i.stage} 期限 {i.due} "
            f"{f'超期 {-i.days_left} 日' if i.days_left < 0 else f'剩余 {i.days_left} 日'}"
            f" 承办：{i.unit or '-'}" for i in raised
        ]
        session.add(Outbox(channel="mail", recipient=f"mailto:{supervisor_mail}",
                           text="\n".join(lines), subject=f"督办提示 {today}",
                           payload={"notice": "supervision", "form": "staff",
                                    "ignore_opt_out": True},
                           next_attempt_at=now, created_at=now))
    if raised:
        log.info("supervision: %d raised (%d overdue, %d near due)", counts["raised"],
                 counts["overdue"], counts["near_due"])
    return counts


def as_rows(items: list[Item]) -> list[dict[str, Any]]:
    return [asdict(item) for item in items]


class Supervisor:
    """The ``serve`` task: supervises every ``interval`` seconds."""

    def __init__(self, store: Store, clock: Clock, deadlines: DeadlineEngine, *,
                 interval: float = 3600.0, near_days: int = NEAR_DAYS,
                 supervisor_mail: str = "") -> None:
        self.store = store
        self.clock = clock
        self.deadlines = deadlines
        self.interval = interval
        self.near_days = near_days
        self.supervisor_mail = supervisor_mail

    async def run_once(self) -> dict[str, int]:
        now = self.clock.now()
        return await self.store.write(lambda s: supervise(
            s, self.deadlines, now, near_days=self.near_days,
            supervisor_mail=self.supervisor_mail))

    async def run(self) -> None:
        while True:
            try:
                await self.run_once()
            except StoreUnavailable:
                log.warning("supervision: store unavailable; retrying next round")
            await asyncio.sleep(self.interval)
