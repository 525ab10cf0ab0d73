"""Open311 ``api_key``s of client systems, stored as SHA-256 digests like staff tokens."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.api.accounts import AccountError, digest, new_secret
from storage.accounts import Open311Key


def add_key(session: Session, name: str, now: datetime) -> str:
    """Register a client system and return its api_key (in clear: show it once)."""
    name = name.strip()
    if not name:
        raise AccountError("an Open311 client needs a name")
    existing = session.exec(select(Open311Key).where(Open311Key.name == name)).first()
    if existing is not None:
        # A new key for a known client: the old one stops working.
        existing.revoked_at = now
        existing.name = f"{name} (revoked {now.isoformat()})"
        session.add(existing)
        session.flush()
    key = new_secret()
    session.add(Open311Key(name=name, key_hash=digest(key), created_at=now))
    return key


def key_id(session: Session, key: str) -> int | None:
    """The id of the unrevoked client whose api_key this is, or None."""
    if not key:
        return None
    row = session.exec(
        select(Open311Key).where(Open311Key.key_hash == digest(key),
                                 col(Open311Key.revoked_at).is_(None))
    ).first()
    return row.id if row is not None else None
