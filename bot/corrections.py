"""Clerks' verdicts on the classifier's category, kept with the text they judged.

Triage confirms or corrects a case's category in the console, through the API or with
``cases category``; all three come here. Each verdict is a ``category_confirmed`` or
``category_set`` :class:`CaseEvent` (the audit trail) and a :class:`CategoryCorrection` row
holding the case's text as the classifier saw it, which ``nlp train --from-store`` learns from
(:func:`examples`). The retention purge clears that text with the case.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot import cases
from bot.clock import CHINA
from bot.workflow import TransitionRefused
from nlp.dataset import Example
from storage import Case, CategoryCorrection, Message, Store

#: Triage may confirm or correct the category until the case leaves the bureau.
CATEGORY_STATES = ("registered", "accepted")
#: Where a verdict was given.
SOURCES = ("console", "api", "cli")
# The analyzer reads at most this much of a message; a longer copy teaches nothing more.
_MAX_TEXT = 20_000


def set_category(session: Session, case: Case, category: str, *, actor: str, source: str,
                 now: datetime, known: Collection[str]) -> CategoryCorrection:
    """Confirm the case's category, or correct it to another known one; refused (nothing
    written) when the case has left triage or the category is not in the catalogue."""
    category = category.strip()
    if case.status not in CATEGORY_STATES:
        raise TransitionRefused("只有已登记或已受理、尚未分办的事项可以确认类别。")
    if category not in known:
        raise TransitionRefused(f"类别「{category[:40]}」不在分类目录中。")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    previous = case.category
    details: dict[str, Any] = {"category": category,
                               "confidence": round(case.category_confidence, 3)}
    if category != previous:
        details["previous"] = previous
    verdict = CategoryCorrection(
        case_id=_id(case), predicted=previous, confidence=round(case.category_confidence, 4),
        category=category, text=case_text(session, case), actor=actor, source=source, at=now)
    case.category = category
    case.updated_at = now
    session.add(case)
    session.add(verdict)
    action = "category_confirmed" if category == previous else "category_set"
    cases.record(session, case, actor, action, now, **details)
    return verdict


def case_text(session: Session, case: Case) -> str:
    """What the classifier read for the case: the subject and its first inbound message."""
    first = session.exec(
        select(Message.text).where(Message.case_id == case.id, Message.direction == "in")
        .order_by(col(Message.id))
    ).first() or ""
    text = "\n".join(part for part in (case.subject, first) if part)
    return text[:_MAX_TEXT]


def examples(session: Session, since: datetime | None = None) -> list[tuple[str, str]]:
    """``(category, text)`` per case with a verdict (the latest wins), oldest case first.

    ``since``: only verdicts given at or after it. Cases whose text was purged are left out.
    """
    query = select(CategoryCorrection).order_by(col(CategoryCorrection.id))
    if since is not None:
        query = query.where(col(CategoryCorrection.at) >= since)
    latest: dict[int, CategoryCorrection] = {}
    for row in session.exec(query):
        latest[row.case_id] = row
    return [(row.category, row.text) for row in latest.values() if row.text.strip()]


def _id(case: Case) -> int:
    if case.id is None:
        raise ValueError("case is not stored yet")
    return case.id


def store_examples(database_url: str, data_dir: Path) -> Callable[[datetime | None], list[Example]]:
    """For ``nlp train --from-store`` / ``nlp promote``: the verdicts as training examples.

    The store is opened on the first call and closed after it. ``since`` is a local (China)
    calendar day's start, as given on the command line.
    """
    def load(since: datetime | None) -> list[Example]:
        start = since.replace(tzinfo=CHINA).astimezone(UTC) if since is not None else None
        store = Store.open(database_url, data_dir)
        try:
            rows = store.read_sync(lambda session: examples(session, start))
        finally:
            store.close()
        return [Example(label, text) for label, text in rows]

    return load
