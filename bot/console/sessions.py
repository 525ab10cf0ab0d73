"""Console sign-in: server-side sessions and CSRF tokens.

The browser holds only a random session id (``secrets.token_urlsafe(32)``) in an HttpOnly,
SameSite=Strict cookie scoped to ``/console``; the staff token it was opened with stays in this
process's memory and is checked again on every request through ``bot.api.accounts.authenticate``,
so a revoked token or a deactivated account ends its console sessions at once. Why not a
signed cookie: it would need its own key, and logout could not revoke it. The cost: a restart
of ``serve`` signs everybody out, and sessions are not shared between processes (``serve``
runs one).

Every POST form carries the session's CSRF token in a hidden field, compared in constant time;
the login form, before any session exists, uses a double-submit cookie the same way.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

COOKIE = "xf_console"
LOGIN_COOKIE = "xf_console_login"
PATH = "/console"

IDLE_SECONDS = 8 * 3600
MAX_SECONDS = 12 * 3600
MAX_SESSIONS = 10_000


@dataclass(slots=True)
class StaffSession:
    token: str  # the staff token, kept server-side only
    csrf: str
    opened: float
    seen: float


class Sessions:
    """The open console sessions of this process, by session id."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._open: dict[str, StaffSession] = {}

    def open(self, token: str) -> str:
        now = self._clock()
        self._expire(now)
        while len(self._open) >= MAX_SESSIONS:
            del self._open[next(iter(self._open))]  # the oldest opened
        sid = secrets.token_urlsafe(32)
        self._open[sid] = StaffSession(token, secrets.token_urlsafe(32), now, now)
        return sid

    def get(self, sid: str) -> StaffSession | None:
        found = self._open.get(sid) if sid else None
        if found is None:
            return None
        now = self._clock()
        if now - found.seen > IDLE_SECONDS or now - found.opened > MAX_SECONDS:
            del self._open[sid]
            return None
        found.seen = now
        return found

    def close(self, sid: str) -> None:
        self._open.pop(sid, None)

    def _expire(self, now: float) -> None:
        stale = [sid for sid, s in self._open.items()
                 if now - s.seen > IDLE_SECONDS or now - s.opened > MAX_SECONDS]
        for sid in stale:
            del self._open[sid]


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of a submitted CSRF token with the expected one."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)
