"""Staff accounts and their bearer tokens (``python run.py users …``).

A token is ``secrets.token_urlsafe(32)``; only its SHA-256 digest is stored, so the clear
token is printed once when it is issued and cannot be recovered from the database. A new
token for an account revokes its earlier ones.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.firewall import UnitTree, UnknownUnit
from storage.accounts import ROLES, ApiToken, StaffUser


class AccountError(ValueError):
    """A bad account request (unknown role, handler without a unit, duplicate or unknown name)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The staff member behind a request."""

    user_id: int
    name: str
    role: str
    unit: str

    @property
    def actor(self) -> str:
        """How the case events name this person."""
        return f"staff:{self.name}"


def digest(secret: str) -> str:
    """The stored form of a token or key: SHA-256, hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def add_user(session: Session, name: str, role: str, now: datetime, unit: str = "",
             units: UnitTree | None = None) -> str:
    """Create an account and return its first token (in clear: show it once).

    With the bureau's ``units`` table, a handler's unit is stored as the unit it resolves to
    ("区住建委" → its full name); a name that resolves to none is refused.
    """
    name = name.strip()
    if not name:
        raise AccountError("a user needs a name")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if role == "handler" and not unit.strip():
        raise AccountError("a handler belongs to a unit: give --unit")
    if role == "handler" and units is not None:
        try:
            unit = units.resolve(unit)
        except UnknownUnit as exc:
            raise AccountError(str(exc)) from None
    if session.exec(select(StaffUser).where(StaffUser.name == name)).first() is not None:
        raise AccountError(f"user {name} exists already")
    user = StaffUser(name=name, role=role, unit=unit.strip(), created_at=now)
    session.add(user)
    session.flush()
    return _issue(session, user, now)


def issue_token(session: Session, name: str, now: datetime) -> str:
    """A new token for ``name``; the account's earlier tokens stop working."""
    user = session.exec(select(StaffUser).where(StaffUser.name == name.strip())).first()
    if user is None:
        raise AccountError(f"no user {name}")
    for old in session.exec(
        select(ApiToken).where(ApiToken.user_id == user.id, col(ApiToken.revoked_at).is_(None))
    ):
        old.revoked_at = now
        session.add(old)
    return _issue(session, user, now)


def _issue(session: Session, user: StaffUser, now: datetime) -> str:
    if user.id is None:
        raise AccountError("the account is not stored yet")
    token = new_secret()
    session.add(ApiToken(user_id=user.id, token_hash=digest(token), created_at=now))
    return token


def list_users(session: Session) -> list[dict[str, Any]]:
    users = session.exec(select(StaffUser).order_by(col(StaffUser.name)))
    return [{"name": u.name, "role": u.role, "unit": u.unit, "active": u.active,
             "created_at": u.created_at.isoformat()} for u in users]


def authenticate(session: Session, token: str) -> Principal | None:
    """The active account whose unrevoked token this is, or None."""
    found = token_holder(session, token)
    return found[1] if found is not None else None


def token_holder(session: Session, token: str) -> tuple[int, Principal] | None:
    """The id of this unrevoked token and its active account, or None.

    The console's sessions keep the token's id, so that revoking it ends them.
    """
    if not token:
        return None
    row = session.exec(
        select(StaffUser, ApiToken.id)
        .join(ApiToken, col(ApiToken.user_id) == col(StaffUser.id))
        .where(ApiToken.token_hash == digest(token), col(ApiToken.revoked_at).is_(None),
               StaffUser.active == True)
    ).first()
    if row is None:
        return None
    user, token_id = row
    if token_id is None or user.id is None:
        return None
    return token_id, Principal(user.id, user.name, user.role, user.unit)
