"""Matters, not messages: is a new text the same matter as a case already on file?

Three questions the intake asks when a text would otherwise open a new case:

- :meth:`MatterIndex.open_repeat`: the same petitioner's open case about the same matter
  (Art 19: attach it, do not register it again);
- :meth:`MatterIndex.concluded_repeat`: the same petitioner's matter concluded by 复核
  (Art 36: not accepted again);
- :meth:`MatterIndex.on_registered`: a new case joins others about the same matter and place
  from other petitioners; enough of them within a window raise a collective-petition alert.

Everything runs inside the caller's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot import cases, workflow
from nlp import Analysis
from storage import Case, Message

#: A new text this similar to an open case of the same petitioner is the same matter (Art 19).
REPEAT_SIMILARITY = 0.6
#: This many petitioners with similar texts about one place within the window: an alert.
COLLECTIVE_PETITIONERS = 5
COLLECTIVE_SIMILARITY = 0.5
COLLECTIVE_WINDOW = timedelta(days=3)
#: Texts shorter than this (content characters) say too little to be compared.
MIN_MATTER_CHARS = 12


def too_short(text: str) -> bool:
    return len(re.sub(r"\s+", "", text)) < MIN_MATTER_CHARS


class MatterIndex:
    """Compares a new text with the matters on file; ``similar`` scores two texts in [0, 1]."""

    def __init__(self, similar: Callable[[str, str], float]) -> None:
        self.similar = similar

    def open_repeat(self, session: Session, petitioner_id: int, text: str,
                    analysis: Analysis) -> Case | None:
        """An open case of this petitioner about the same matter, if any (Art 19)."""
        if too_short(text):
            return None
        for case in cases.cases_of(session, petitioner_id)[:20]:
            if case.status not in cases.OPEN_STATUSES:
                continue
            first = _first_text(session, case)
            if first and self.similar(first, text) >= REPEAT_SIMILARITY:
                return case
        return None

    def concluded_repeat(self, session: Session, petitioner_id: int, text: str,
                         analysis: Analysis) -> Case | None:
        """A case of this petitioner concluded by 复核 (or 终结) about the same matter (Art 36)."""
        if too_short(text):
            return None
        for case in cases.cases_of(session, petitioner_id)[:20]:
            if case.status != "final" and not workflow.has_event(session, case,
                                                                 "rereview_answer"):
                continue
            first = _first_text(session, case)
            if first and self.similar(first, text) >= REPEAT_SIMILARITY:
                return case
        return None

    def on_registered(self, session: Session, case: Case, text: str, analysis: Analysis,
                      now: datetime) -> None:
        """Many petitioners, one place, similar texts, a short window: tell staff (群体性)."""
        if not case.place:
            return
        recent = session.exec(
            select(Case).where(
                Case.place == case.place, Case.category == case.category, Case.id != case.id,
                col(Case.created_at) >= now - COLLECTIVE_WINDOW,
            ).order_by(col(Case.id).desc()).limit(200)
        )
        petitioners = {case.petitioner_id}
        for other in recent:
            first = _first_text(session, other)
            if first and self.similar(first, text) >= COLLECTIVE_SIMILARITY:
                petitioners.add(other.petitioner_id)
        if len(petitioners) >= COLLECTIVE_PETITIONERS:
            case.needs_human = True
            session.add(case)
            cases.record(session, case, "bot", "collective_alert", now,
                         petitioners=len(petitioners), place=case.place)


def _first_text(session: Session, case: Case) -> str | None:
    return session.exec(
        select(Message.text).where(Message.case_id == case.id).order_by(col(Message.id))
    ).first()
