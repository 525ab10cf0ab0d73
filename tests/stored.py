"""Rows the storage-level tests start from, made the way the bot makes them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.people import sender_of
from storage import Case


def a_case(session: Session, at: datetime, urn: str = "tel:+8613800000000") -> int:
    """A registered case of ``urn``'s petitioner, flushed (not committed); its id."""
    sender = sender_of(session, urn, "sms", "", at)
    assert sender.petitioner.id is not None and sender.identity.id is not None
    case = Case(number="XF2026-000001", code_hash="h",
                petitioner_id=sender.petitioner.id, identity_id=sender.identity.id,
                channel="sms", received_at=at, created_at=at, updated_at=at)
    session.add(case)
    session.flush()
    assert case.id is not None
    return case.id
