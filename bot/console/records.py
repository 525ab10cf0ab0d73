"""What the console records on a case beside the workflow's transitions, and its work queue.

- 领导阅批 / 批示: a supervisor or admin marks a case for attention with an instruction. It is an
  ``instruct`` :class:`CaseEvent` (who, when, the text); a case with one is "instructed", and
  the handling unit's queue puts it first. The event is the record; ``Case.instructed``
  summarizes it for the queue's stored order (``bot/queue_rank.py``).
- Triage confirms or corrects the classifier's category: a ``category_confirmed`` or
  ``category_set`` event, and the case's category. The workflow has no transition for it.

Both refuse with :class:`bot.workflow.TransitionRefused` and then write nothing, like the
workflow's own transitions.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, literal, tuple_
from sqlmodel import Session, col, select

from bot import access, cases, corrections, queue_rank
from bot.api.accounts import Principal
from bot.firewall import UnitTree
from bot.workflow import TERMINAL, TransitionRefused
from storage import Case, CaseEvent

INSTRUCT = "instruct"
MAX_INSTRUCTION = 2000
CATEGORY_STATES = corrections.CATEGORY_STATES


@dataclass(frozen=True, slots=True)
class Instruction:
    actor: str
    at: datetime
    text: str


def instruct(session: Session, case: Case, text: str, *, actor: str, now: datetime) -> None:
    """Record a leader's instruction (批示) on ``case``."""
    text = text.strip()
    if not text:
        raise TransitionRefused("批示内容不能为空。")
    if len(text) > MAX_INSTRUCTION:
        raise TransitionRefused(f"批示不超过 {MAX_INSTRUCTION} 字。")
    if case.status in TERMINAL:
        raise TransitionRefused(f"事项 {case.number} 已结束处理，不能再批示。")
    case.updated_at = now
    case.instructed = True  # the flush recomputes the case's queue rank
    session.add(case)
    cases.record(session, case, actor, INSTRUCT, now, text=text)


def instructions(session: Session, case: Case) -> list[Instruction]:
    """The instructions on ``case``, newest first."""
    events = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == INSTRUCT)
        .order_by(col(CaseEvent.id).desc())
    )
    return [Instruction(e.actor, e.at, str(e.details.get("text", ""))) for e in events]


def set_category(session: Session, case: Case, category: str, *, actor: str, now: datetime,
                 known: Collection[str], source: str = "console") -> None:
    """Triage confirms the classifier's category, or corrects it to another known one."""
    corrections.set_category(session, case, category, actor=actor, source=source, now=now,
                             known=known)


@dataclass(frozen=True, slots=True)
class QueueCursor:
    """Where a queue page ended: the last case's rank and id (its received_at is read back by
    id, which never changes). Written ``rank.id`` in the page's ``after=`` link."""

    rank: int
    case_id: int

    def __str__(self) -> str:
        return f"{self.rank}.{self.case_id}"

    @classmethod
    def parse(cls, text: str) -> QueueCursor | None:
        """None for anything that is not a cursor this module wrote."""
        rank, _, case_id = text.partition(".")
        if not (rank.isdigit() and case_id.isdigit()) or int(rank) not in queue_rank.RANKS:
            return None
        return cls(int(rank), int(case_id))


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: list[tuple[Case, bool]]  # each case with whether it carries a 批示
    next: QueueCursor | None  # None: this was the last page


def queue(session: Session, principal: Principal, units: UnitTree,
          limit: int = 200) -> list[tuple[Case, bool]]:
    """The first page of the account's work queue (see :func:`queue_page`)."""
    return queue_page(session, principal, units, limit=limit).rows


def queue_page(session: Session, principal: Principal, units: UnitTree, *,
               after: QueueCursor | None = None, limit: int = 200) -> QueuePage:
    """One page of the account's work queue, each case with whether it carries a 批示.

    A unit handler: its unit's open cases (``bot.access``: never one its unit is barred
    from). Everybody else: the bureau's triage work — new (registered) cases, accepted ones
    not yet sent to a unit (also those a unit sent back), and any open case flagged for a
    person (emergency, firewall conflict) or instructed. Instructed first, then emergencies,
    then cases for a person (low classifier confidence, triage route, flagged), then the
    oldest: the stored rank (``bot/queue_rank.py``), walked on its index from ``after``.
    """
    unit = access.unit_of(principal)
    if unit is None:
        found = _walk(session, col(Case.triage_rank), [], after, limit + 1)
    else:
        # One index walk per name of the unit (ix_case_unit_queue gives each one's order),
        # merged: an IN over several names would sort all of the unit's open cases.
        barred = access.barred(session, principal, units)
        walks = [_walk(session, col(Case.queue_rank), [col(Case.unit) == name], after,
                       limit + 1 + len(barred)) for name in sorted(units.names_of(unit))]
        merged = heapq.merge(*walks, key=_position)
        found = list(itertools.islice((c for c in merged if c.id not in barred), limit + 1))
    rows = [(case, case.instructed) for case in found[:limit]]
    last = found[limit - 1] if len(found) > limit else None
    return QueuePage(rows, None if last is None else QueueCursor(
        _rank_of(last, unit is None), last.id or 0))


def _walk(session: Session, rank: Any, where: list[ColumnElement[bool]],
          after: QueueCursor | None, limit: int) -> list[Case]:
    conditions = [*where, rank.is_not(None)]
    if after is not None:
        received = session.exec(select(Case.received_at).where(Case.id == after.case_id)).first()
        if received is None:
            return []
        conditions.append(tuple_(rank, col(Case.received_at), col(Case.id))
                          > tuple_(literal(after.rank), literal(received), literal(after.case_id)))
    return list(session.exec(select(Case).where(*conditions)
                             .order_by(rank, col(Case.received_at), col(Case.id)).limit(limit)))


def _position(case: Case) -> tuple[int, datetime, int]:
    return (case.queue_rank or 0, case.received_at, case.id or 0)


def _rank_of(case: Case, triage: bool) -> int:
    return (case.triage_rank if triage else case.queue_rank) or 0
