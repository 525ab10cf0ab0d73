"""Console sign-in: sessions kept in the database, and CSRF tokens.

The browser holds only a random session secret (``secrets.token_urlsafe(32)``, 32 random
bytes) in an HttpOnly, SameSite=Strict cookie scoped to ``/console``. The database keeps its
SHA-256 digest (``ConsoleSession``), the id of the staff token the session was opened with,
the CSRF token and three times. Every request looks the session up together with its token
and account in one query, so a revoked token or a deactivated account ends its console
sessions at once, and any ``serve`` process sharing the database serves any signed-in
request (issue 17). A copy of the table opens nothing: a digest presented as a cookie is
hashed again and matches no row. Why not a signed cookie: it would need its own key, and
logout could not revoke it.

A session ends when idle for ``IDLE`` or open for ``LONGEST``; logout deletes its row, and
the retention round deletes rows past either limit (``purge_expired``). The time a session
was last seen is written at most once per ``TOUCH_EVERY``: a write per page view would queue
every console click behind SQLite's one writer.

These times are the real clock, not ``XINFANG_CLOCK``: a demo clock fixed in the past would
otherwise keep sessions open for ever or end them at once.

Every POST form carries the session's CSRF token in a hidden field, compared in constant time;
the login form, before any session exists, uses a double-submit cookie the same way.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from bot.api.accounts import Principal, digest, token_holder
from storage import Store
from storage.accounts import ApiToken, ConsoleSession, StaffUser

COOKIE = "xf_console"
LOGIN_COOKIE = "xf_console_login"
PATH = "/console"

IDLE = timedelta(hours=8)
LONGEST = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)
#: Open sessions one staff token may hold (browsers, tabs signed in anew, colleagues' desks).
PER_TOKEN = 20

Now = Callable[[], datetime]


def real_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class SignedSession:
    """A live console session: who it is, and the CSRF token its forms carry."""

    principal: Principal
    csrf: str


# -- the SQL, one function per statement ------------------------------------------------


def open_session(session: Session, token_id: int, now: datetime) -> str:
    """A new session on the staff token ``token_id``; its cookie value (the only clear copy).

    The token's oldest sessions beyond ``PER_TOKEN`` are closed: a token holder signing in
    in a loop cannot grow the table without bound before the retention round.
    """
    secret = secrets.token_urlsafe(32)
    session.add(ConsoleSession(session_hash=digest(secret), token_id=token_id,
                               csrf=secrets.token_urlsafe(32), opened_at=now, seen_at=now,
                               expires_at=now + LONGEST))
    session.flush()
    surplus = select(ConsoleSession.id).where(ConsoleSession.token_id == token_id).order_by(
        col(ConsoleSession.id).desc()).offset(PER_TOKEN)
    stale = list(session.exec(surplus))
    if stale:
        session.execute(delete(ConsoleSession).where(col(ConsoleSession.id).in_(stale)))
    return secret


def find_session(session: Session, secret: str,
                 now: datetime) -> tuple[SignedSession, int | None] | None:
    """The live session behind a cookie, and its row id if it is due to be marked as seen."""
    if not secret:
        return None
    row = session.exec(
        select(ConsoleSession.id, ConsoleSession.csrf, ConsoleSession.seen_at, StaffUser)
        .join(ApiToken, col(ApiToken.id) == col(ConsoleSession.token_id))
        .join(StaffUser, col(StaffUser.id) == col(ApiToken.user_id))
        .where(ConsoleSession.session_hash == digest(secret),
               col(ConsoleSession.expires_at) > now, col(ConsoleSession.seen_at) > now - IDLE,
               col(ApiToken.revoked_at).is_(None), StaffUser.active == True)
    ).first()
    if row is None:
        return None
    row_id, csrf, seen_at, user = row
    if user.id is None:
        return None
    signed = SignedSession(Principal(user.id, user.name, user.role, user.unit), csrf)
    stale = _as_utc(seen_at) <= now - TOUCH_EVERY
    return signed, row_id if stale else None


def mark_seen(session: Session, row_id: int, now: datetime) -> None:
    session.execute(update(ConsoleSession).where(col(ConsoleSession.id) == row_id)
                    .values(seen_at=now))


def close_session(session: Session, secret: str) -> None:
    session.execute(delete(ConsoleSession).where(
        col(ConsoleSession.session_hash) == digest(secret)))


def purge_expired(session: Session, now: datetime) -> int:
    """Delete the sessions past their longest life or idle too long; how many went."""
    result = session.execute(delete(ConsoleSession).where(or_(
        col(ConsoleSession.expires_at) <= now, col(ConsoleSession.seen_at) <= now - IDLE)))
    return int(getattr(result, "rowcount", 0) or 0)


# -- the console's view of them --------------------------------------------------------


class Sessions:
    """The console sessions in ``store``, on the real clock unless a test gives another."""

    def __init__(self, store: Store, now: Now = real_now) -> None:
        self._store = store
        self._now = now

    async def open(self, token: str) -> str | None:
        """A new session for the holder of ``token``; its cookie value, or None for a bad
        token (checked on a reader first: a wrong token never queues for SQLite's writer)."""
        holder = await self._store.read(lambda s: token_holder(s, token)) if token else None
        if holder is None:
            return None
        token_id, now = holder[0], self._now()
        return await self._store.write(lambda s: open_session(s, token_id, now))

    async def get(self, secret: str) -> SignedSession | None:
        if not secret:
            return None
        now = self._now()
        found = await self._store.read(lambda s: find_session(s, secret, now))
        if found is None:
            return None
        signed, stale_row = found
        if stale_row is not None:
            await self._store.write(lambda s: mark_seen(s, stale_row, now))
        return signed

    async def close(self, secret: str) -> None:
        if secret:
            await self._store.write(lambda s: close_session(s, secret))


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of a submitted CSRF token with the expected one."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands stored times back without their zone; they were written in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
