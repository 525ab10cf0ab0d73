"""Fixtures for the Telegram channel's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .fakes import FakeIntake, OfflineRequest


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns (PTBDeprecationWarning) inside its own ``RetryAfter`` constructor unless
    ``PTB_TIMEDELTA`` opts in to timedelta periods; with warnings as errors that warning would
    replace the RetryAfter. Production should set it too (see the channel's report)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def offline() -> Iterator[OfflineRequest]:
    """The offline Bot API; any call the test did not script fails the test."""
    request = OfflineRequest()
    yield request
    assert request.unexpected == [], f"unscripted Bot API calls: {request.unexpected}"


@pytest.fixture
def intake() -> FakeIntake:
    return FakeIntake()
