"""Console sessions expire when idle or too old, close on logout, and compare CSRF tokens safely."""

from __future__ import annotations

from dataclasses import dataclass

from bot.console.sessions import IDLE_SECONDS, MAX_SECONDS, Sessions, same_secret


@dataclass
class FakeClock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_ends_when_idle_too_long_or_open_too_long() -> None:
    clock = FakeClock()
    sessions = Sessions(clock)
    idle = sessions.open("token-a")
    busy = sessions.open("token-b")
    assert idle != busy and sessions.get(idle) is not None
    clock.now += IDLE_SECONDS - 1
    assert sessions.get(busy) is not None  # used: kept alive
    clock.now += 2
    assert sessions.get(idle) is None  # idle for more than IDLE_SECONDS
    assert sessions.get(busy) is not None
    clock.now = 1000.0 + MAX_SECONDS + 1  # used a moment ago, but open too long
    assert sessions.get(busy) is None


def test_logout_closes_only_that_session_and_tokens_stay_server_side() -> None:
    sessions = Sessions(FakeClock())
    first, second = sessions.open("secret-token"), sessions.open("secret-token")
    sessions.close(first)
    assert sessions.get(first) is None
    kept = sessions.get(second)
    assert kept is not None and kept.token == "secret-token"
    assert "secret-token" not in (first, second) and kept.csrf not in (first, second)
    assert sessions.get("") is None and sessions.get("secret-token") is None


def test_csrf_tokens_must_match_exactly_and_an_empty_one_never_does() -> None:
    assert same_secret("abc", "abc")
    assert not same_secret("abd", "abc") and not same_secret("", "abc")
    assert not same_secret("", "")
