"""Deadlines follow the calendar (issue 16 item 6): a running due date computed before the
bureau loaded its holidays file (or a changed rules table) is worked out again from the day
its period started, and a change is recorded on the case (``deadline_recomputed``: the date
before and after, the rule) so staff and the audit see why a date moved.

``serve`` runs :class:`DeadlineRefresh` once at start, where the calendar data is read, and
the supervision round runs it again whenever the holidays file's content changes while
serving (bot/calendar_watch.py): in small write transactions (the same reasons as the
supervision round, bot/supervision.py). The main deadline (acceptance, handling, 复查 / 复核
answer) and the side ones (the unit's own notice, the consent to a 退单, a jurisdiction
decision) move; a date already past stays what it was when it ran out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, col, select

from bot import cases, workflow
from bot.clock import Clock, local_date
from bot.deadlines import DeadlineEngine
from storage import Case, CaseEvent, Store

log = logging.getLogger(__name__)

RUNNING = ("registered", "accepted", "assigned", "review_requested", "rereview_requested")
CHUNK = 100


def fresh_due(session: Session, case: Case, deadlines: DeadlineEngine,
              today: date) -> tuple[str, str, date] | None:
    """(column, rule, the due date the calendar gives now) of the case's running deadline."""
    if case.status == "registered":
        return ("acceptance_due", "acceptance_notice",
                deadlines.due("acceptance_notice", local_date(case.received_at)).date)
    if case.status in ("accepted", "assigned"):
        accepted = session.exec(
            select(CaseEvent.at).where(CaseEvent.case_id == case.id, CaseEvent.action == "accept")
            .order_by(col(CaseEvent.id).desc())).first()
        if accepted is None:
            return None
        due = deadlines.due("handling", local_date(accepted)).date
        if case.extended_days:
            due = deadlines.due("extension", due, days=case.extended_days).date
            return "handling_due", "extension", due
        return "handling_due", "handling", due
    if case.review_started_on is None:
        return None
    if case.status == "review_requested":
        return ("review_due", "review_answer",
                deadlines.due("review_answer", case.review_started_on).date)
    if case.hearing_pauses and not case.hearing_pauses[-1][1]:
        return None  # an open hearing: the date is set again when it ends
    return "review_due", "rereview_answer", workflow.rereview_due(deadlines, case, today).date


#: The deadlines that run beside the main one (column, rule, the events that start the period,
#: statuses in which it runs): the receiving unit's own notice (Art 23 ¶3), the sending
#: office's consent to a 退单 and a jurisdiction dispute's decision (Art 24).
SIDE_DEADLINES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("unit_notice_due", "unit_acceptance_notice", ("assign", "settle"), ("assigned",)),
    ("consent_due", "objection_consent", ("object",), ("accepted",)),
    ("dispute_due", "jurisdiction_decision", ("dispute",), ("assigned",)),
)


def fresh_side_dues(session: Session, case: Case,
                    deadlines: DeadlineEngine) -> list[tuple[str, str, date]]:
    """(column, rule, due date now) of each side deadline the case has running."""
    found = []
    for column, rule, actions, statuses in SIDE_DEADLINES:
        if getattr(case, column) is None or case.status not in statuses:
            continue
        started = session.exec(
            select(CaseEvent.at).where(CaseEvent.case_id == case.id,
                                       col(CaseEvent.action).in_(actions))
            .order_by(col(CaseEvent.id).desc())).first()
        if started is not None:
            found.append((column, rule, deadlines.due(rule, local_date(started)).date))
    return found


def refresh(session: Session, ids: Sequence[int], deadlines: DeadlineEngine,
            now: datetime, **why: str) -> int:
    """Recompute these cases' running deadlines; record and return how many moved.

    ``why`` is kept on each ``deadline_recomputed`` event (the calendar's content hashes
    before and after, when the round noticed a changed file)."""
    today = local_date(now)
    moved = 0
    # Row locks (PostgreSQL): two processes that noticed the same file change count a case
    # one after the other, and the second finds the date already moved (no second event).
    for case in session.exec(select(Case).where(col(Case.id).in_(list(ids)))
                             .order_by(col(Case.id)).with_for_update()):
        if case.status not in RUNNING:
            continue
        found = fresh_due(session, case, deadlines, today)
        dues = ([found] if found is not None else []) + fresh_side_dues(session, case, deadlines)
        changed = False
        for column, rule, due in dues:
            before: date | None = getattr(case, column)
            if before == due or (before is not None and before < today):
                continue  # a date already past stays what it was when it ran out
            setattr(case, column, due)
            changed = True
            cases.record(session, case, "bot:日历", "deadline_recomputed", now, rule=rule,
                         before=before.isoformat() if before else None, due=due.isoformat(),
                         reason="calendar data changed", **why)
        if changed:
            session.add(case)
            moved += 1
    return moved


def running_ids(session: Session) -> list[int]:
    return [int(i) for i in session.exec(
        select(Case.id).where(col(Case.status).in_(RUNNING)).order_by(col(Case.id)))
        if i is not None]


class DeadlineRefresh:
    """The ``serve`` task: one pass over the running cases at start, then nothing (the
    supervision round runs :meth:`run_once` again when the calendar changes)."""

    def __init__(self, store: Store, clock: Clock, deadlines: DeadlineEngine) -> None:
        self.store = store
        self.clock = clock
        self.deadlines = deadlines

    async def run_once(self, **why: str) -> int:
        now = self.clock.now()
        ids = await self.store.read(running_ids)
        moved = 0
        for start in range(0, len(ids), CHUNK):
            part = ids[start:start + CHUNK]

            def step(session: Session, part: Sequence[int] = part) -> int:
                return refresh(session, part, self.deadlines, now, **why)

            moved += await self.store.write(step)
        if moved:
            log.info("deadlines: %d recomputed on the current calendar", moved)
        return moved

    async def run(self) -> None:
        await self.run_once()
        # A background task that returns ends ``serve``: the pass is done, stay idle.
        await asyncio.Event().wait()
