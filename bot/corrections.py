"""Clerks' verdicts on the classifier's category and on the dialogue's judgements (intent,
emergency), kept with the text they judged.

Triage confirms or corrects a case's category in the console, through the API or with
``cases category``; all three come here. Each verdict is a ``category_confirmed`` or
``category_set`` :class:`CaseEvent` (the audit trail) and a :class:`CategoryCorrection` row
holding the case's text as the classifier saw it, which ``nlp train --from-store`` learns from
(:func:`examples`). The retention purge clears that text with the case.

The same pattern for the dialogue's judgements of a case's first message: triage confirms or
corrects the intent or the emergency kind (:func:`set_judgement`), a ``judgement_confirmed`` or
``judgement_set`` event and a :class:`JudgementCorrection` row with the words that drove the
judgement, for the next intent and emergency models (:func:`judgement_examples`).
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
from nlp import EMERGENCY_KINDS, Intent
from nlp.dataset import Example
from nlp.dialogue_training import Correction
from storage import Case, CaseEvent, CategoryCorrection, JudgementCorrection, Message, Store

#: Triage may confirm or correct the category until the case leaves the bureau.
CATEGORY_STATES = ("registered", "accepted")
#: Where a verdict was given.
SOURCES = ("console", "api", "cli")
#: The judgements a clerk may correct, with the values each may take ("no": not an emergency).
JUDGEMENTS: dict[str, tuple[str, ...]] = {
    "intent": tuple(str(intent) for intent in Intent),
    "emergency": ("no", *EMERGENCY_KINDS),
}
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


def judged(session: Session, case: Case) -> dict[str, Any]:
    """The judgements of the case's first message as recorded at registration ({} if none),
    with any later clerk's verdict applied (``corrected_by`` says whose)."""
    event = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == "judged")
        .order_by(col(CaseEvent.id))
    ).first()
    found: dict[str, Any] = {k: dict(v) for k, v in (event.details if event else {}).items()
                             if isinstance(v, dict)}
    for verdict in session.exec(select(JudgementCorrection).where(
            JudgementCorrection.case_id == case.id).order_by(col(JudgementCorrection.id))):
        entry = found.setdefault(verdict.judgement, {})
        entry.update(value=verdict.value, corrected_by=verdict.actor)
    return found


def set_judgement(session: Session, case: Case, judgement: str, value: str, *, actor: str,
                  source: str, now: datetime) -> JudgementCorrection:
    """Confirm or correct the case's intent or emergency judgement; refused (nothing written)
    for an unknown judgement or value. An emergency set by a clerk flags the case for a person."""
    value = value.strip()
    if judgement not in JUDGEMENTS:
        raise TransitionRefused(f"没有「{judgement[:20]}」这项判断。")
    if value not in JUDGEMENTS[judgement]:
        raise TransitionRefused(f"「{value[:40]}」不是「{judgement}」的可选值。")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    before = judged(session, case).get(judgement, {})
    previous = str(before.get("value", ""))
    verdict = JudgementCorrection(
        case_id=_id(case), judgement=judgement, predicted=previous,
        confidence=float(before.get("confidence", 0.0) or 0.0),
        terms=[str(t) for t in before.get("terms", [])][:20], value=value,
        text=case_text(session, case), actor=actor, source=source, at=now)
    session.add(verdict)
    if judgement == "emergency":
        case.emergency = value != "no"
        case.needs_human = case.needs_human or case.emergency
    case.updated_at = now
    session.add(case)
    action = "judgement_confirmed" if value == previous else "judgement_set"
    cases.record(session, case, actor, action, now, judgement=judgement, value=value,
                 previous=previous)
    return verdict


def dialogue_corrections(session: Session) -> list[Correction]:
    """Every case's latest verdict on each judgement, as training rows for the dialogue model,
    oldest verdict first (so a later verdict on the same text wins in training too)."""
    latest: dict[tuple[int, str], JudgementCorrection] = {}
    for row in session.exec(select(JudgementCorrection).order_by(col(JudgementCorrection.id))):
        latest.pop((row.case_id, row.judgement), None)
        latest[(row.case_id, row.judgement)] = row
    return [Correction(row.text, row.judgement, "" if row.value == "no" else row.value)
            for row in latest.values() if row.text.strip() and row.judgement in JUDGEMENTS]


def store_corrections(database_url: str, data_dir: Path) -> Callable[[str | None], list[Correction]]:
    """For ``nlp train-dialogue --with-corrections [--store URL]``: the corrections in the
    store at the URL given (None: the deployment's), the store opened and closed per call."""
    def load(url: str | None) -> list[Correction]:
        store = Store.open(url or database_url, data_dir)
        try:
            return store.read_sync(dialogue_corrections)
        finally:
            store.close()

    return load


def judgement_examples(session: Session, judgement: str) -> list[tuple[str, str]]:
    """``(value, text)`` per case with a verdict on ``judgement`` (the latest wins)."""
    latest: dict[int, JudgementCorrection] = {}
    for row in session.exec(select(JudgementCorrection).where(
            JudgementCorrection.judgement == judgement).order_by(col(JudgementCorrection.id))):
        latest[row.case_id] = row
    return [(row.value, row.text) for row in latest.values() if row.text.strip()]
