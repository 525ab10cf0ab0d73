"""What keeps the citizen page safe: CSRF tokens, the one-case sign-in, and rate limits.

- **CSRF**: a random token in an HttpOnly, SameSite=Strict cookie, repeated in every form and
  compared in constant time (double submit); the page keeps no server-side session before a
  lookup.
- **Signed in to one case**: after a lookup with the right query code the browser holds a
  cookie naming that one case number, signed with :mod:`itsdangerous` under a key derived from
  the bureau's secret and valid for :data:`SIGNED_IN_SECONDS`. Its path is the case's own
  page, so it is never sent anywhere else. It carries no code and no personal data.
- **Rate limits** per client address (a keyed hash of it, never the address itself), in this
  process's memory: filing and the case actions. Code guesses are limited in the database, by
  the same rules as every channel (:mod:`bot.codecheck`).
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from itsdangerous import BadSignature, URLSafeTimedSerializer

from bot.codes import CodeHasher

CSRF_COOKIE = "xf_web_csrf"
CASE_COOKIE = "xf_case"
SIGNED_IN_SECONDS = 30 * 60
_FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same_token(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def valid_form_token(token: str) -> bool:
    """A filing form's own token (its idempotency key): the shape ``new_token`` makes."""
    return _FORM_TOKEN.fullmatch(token) is not None


class Keys:
    """Keys derived from the bureau's secret (the one ``CodeHasher`` holds), one per use."""

    def __init__(self, hasher: CodeHasher) -> None:
        self._hasher = hasher
        # HMAC as a PRF: a key for each purpose, none of them the bureau's key itself.
        self._cookies = URLSafeTimedSerializer(hasher.hash("web-signin", "key"),
                                               salt="xf-citizen-case")

    def client(self, address: str) -> str:
        """A client address as a keyed hash: enough to throttle and audit, not to locate."""
        return self._hasher.hash("web-client", address)[:24]

    def petitioner(self, id_number: str) -> str:
        """The web identity of a resident ID number (the URN never carries the number)."""
        return "web:" + self._hasher.hash("web-id", id_number)[:32]

    def sign_in(self, number: str) -> str:
        return self._cookies.dumps({"case": number})

    def signed_in(self, cookie: str, number: str,
                  max_age: int = SIGNED_IN_SECONDS) -> bool:
        if not cookie:
            return False
        try:
            data = self._cookies.loads(cookie, max_age=max_age)
        except BadSignature:  # SignatureExpired is one too
            return False
        return isinstance(data, dict) and data.get("case") == number


class RateLimit:
    """At most ``limit`` events per key within ``window`` seconds (a sliding window)."""

    MAX_KEYS = 50_000

    def __init__(self, limit: int, window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one event for ``key``; False when it is over the limit (not counted then)."""
        now = self._clock()
        times = self._seen.pop(key, None) or deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[key] = times  # most recently seen last
        while len(self._seen) > self.MAX_KEYS:
            self._seen.popitem(last=False)
        return allowed
