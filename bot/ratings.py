"""Satisfaction (Art 21, 12345 回访/满意度): asked after each answer, kept per case and per unit.

The petitioner answers in the channel they use: an SMS reply 1–5, a Telegram button
(``rate:<number>:<score>``), a reply mail, or a word (满意 / 不满意). A grade of 1 or 2 is
dissatisfaction: the reply offers the next appeal (复查, or 复核 after a review) with its
deadline, counted from the proven delivery of the opinion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot import notices, workflow
from bot.clock import local_date
from bot.deadlines import DeadlineEngine
from nlp.caserefs import CASE_NUMBER_PATTERN
from storage import Case, Rating

DISSATISFIED = 2  # this grade or lower
#: Telegram callback data of the rating buttons.
CALLBACK = re.compile(rf"^rate:({CASE_NUMBER_PATTERN}):([1-5])$")


@dataclass(frozen=True, slots=True)
class Rated:
    """What a rating led to: the reply to send, and the appeal offered to a dissatisfied one."""

    case: Case
    score: int
    stage: str  # answer / review / rereview
    appeal: str  # "", "复查" or "复核"
    appeal_due: str  # ISO date, when an appeal is offered


def ask(session: Session, case: Case, now: datetime) -> None:
    """Queue the request to rate the latest answer (buttons on Telegram)."""
    notices.queue_notice(session, case, "rating_request", now)


def stage_of(session: Session, case: Case) -> str:
    if workflow.has_event(session, case, "rereview_answer"):
        return "rereview"
    if workflow.has_event(session, case, "review_answer"):
        return "review"
    return "answer"


def record(session: Session, case: Case, score: int, *, actor: str, channel: str,
           now: datetime, deadlines: DeadlineEngine) -> Rated:
    """Record a grade on the case and for its unit; work out the appeal a low grade may use."""
    workflow.apply(session, case, "rate", actor=actor, now=now, deadlines=deadlines,
                   fields={"score": score, "channel": channel})
    stage = stage_of(session, case)
    session.add(Rating(case_id=_id(case), unit=case.unit, score=score, stage=stage,
                       channel=channel, at=now))
    appeal, appeal_due = next_appeal(session, case, now, deadlines, stage=stage) \
        if score <= DISSATISFIED else ("", "")
    if not still_open(appeal_due, now):
        appeal, appeal_due = "", ""
    return Rated(case, score, stage, appeal, appeal_due)


def still_open(due: str, now: datetime) -> bool:
    """An appeal due on ``due`` (ISO) can still be asked for: a low grade weeks after the
    answer is offered none, as an offer with a past date invites a request to be refused."""
    return not due or date.fromisoformat(due) >= local_date(now)


def next_appeal(session: Session, case: Case, now: datetime, deadlines: DeadlineEngine, *,
                stage: str = "") -> tuple[str, str]:
    """The appeal open against the case's latest answer and the ISO date it must be asked by:
    复查 after the answer, 复核 after the review; ("", "") after the re-review (Art 35, 36)."""
    stage = stage or stage_of(session, case)
    if stage == "rereview":
        return "", ""
    appeal = "复查" if stage == "answer" else "复核"
    rule, opinion = (("review_request", "opinion") if stage == "answer"
                     else ("rereview_request", "review_opinion"))
    start = notices.delivered_on(session, case, (opinion,)) or local_date(now)
    return appeal, deadlines.due(rule, start).date.isoformat()


def by_unit(session: Session) -> list[dict[str, Any]]:
    """Satisfaction per handling unit: count, mean, graded distribution, dissatisfied share."""
    table: dict[str, list[int]] = {}
    for rating in session.exec(select(Rating).order_by(col(Rating.id))):
        table.setdefault(rating.unit or "-", []).append(rating.score)
    rows = []
    for unit, scores in sorted(table.items()):
        low = sum(1 for s in scores if s <= DISSATISFIED)
        rows.append({
            "unit": unit,
            "ratings": len(scores),
            "mean": round(sum(scores) / len(scores), 2),
            "distribution": {str(grade): scores.count(grade) for grade in range(5, 0, -1)},
            "dissatisfied": low,
            "satisfied_share": round(1 - low / len(scores), 3),
        })
    return rows


def _id(case: Case) -> int:
    if case.id is None:
        raise ValueError("case has no id yet: flush the session first")
    return case.id
