"""What the console records on a case beside the workflow's transitions, and its work queue.

- 领导阅批 / 批示: a supervisor or admin marks a case for attention with an instruction. It is an
  ``instruct`` :class:`CaseEvent` (who, when, the text); a case with one is "instructed", and
  the handling unit's queue puts it first. No column is needed: the event is the record.
- Triage confirms or corrects the classifier's category: a ``category_confirmed`` or
  ``category_set`` event, and the case's category. The workflow has no transition for it.

Both refuse with :class:`bot.workflow.TransitionRefused` and then write nothing, like the
workflow's own transitions.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy import case as when
from sqlmodel import Session, col, select

from bot import access, cases, corrections
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


def _instructed() -> ColumnElement[bool]:
    return col(Case.id).in_(select(CaseEvent.case_id).where(CaseEvent.action == INSTRUCT))


def queue(session: Session, principal: Principal, units: UnitTree,
          limit: int = 200) -> list[tuple[Case, bool]]:
    """The account's work queue, each case with whether it carries a 批示; instructed first.

    A unit handler: its unit's open cases (``bot.access``: never one its unit is barred
    from). Everybody else: the bureau's triage work — new
    (registered) cases, accepted ones not yet sent to a unit (also those a unit sent back),
    and any open case flagged for a person (emergency, firewall conflict) or instructed. Then emergencies, then cases for a person
    (low classifier confidence, triage route, flagged), then the oldest.
    """
    instructed = _instructed()
    open_case = col(Case.status).in_(list(cases.OPEN_STATUSES))
    scope = access.scope(session, principal, units)
    if scope is not None:
        wanted = and_(open_case, scope)
    else:
        wanted = or_(
            col(Case.status) == "registered",
            and_(col(Case.status) == "accepted", col(Case.unit) == ""),
            # Two terms, not one with an OR inside: each is then answered from an index
            # (flagged cases by ix_case_needs_human_status, instructed ones by their ids)
            # instead of visiting every open case.
            and_(open_case, col(Case.needs_human)),
            and_(open_case, instructed),
        )
    for_person = or_(col(Case.needs_human), col(Case.route_level) == "triage")
    rows = session.exec(
        select(Case, when((instructed, 1), else_=0))
        .where(wanted)
        .order_by(when((instructed, 0), else_=1), when((col(Case.emergency), 0), else_=1),
                  when((for_person, 0), else_=1), col(Case.received_at), col(Case.id))
        .limit(limit)
    )
    return [(case, bool(flag)) for case, flag in rows]
