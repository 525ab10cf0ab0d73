"""A pytest plugin: the whole suite logs at DEBUG, and a test whose log records carry a canary
(``tests/canaries.py``: personal data or a secret) fails at teardown.

Every record from every logger — ours and the libraries' — is formatted the way a handler
would (message, traceback, stack) and searched. The failure names the canary by its label and
the logger that wrote it, never the value. The handler never raises (a malformed record is
skipped, as ``logging.raiseExceptions`` would be for it), so it cannot change a test's outcome
except by reporting a leak.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Generator

import pytest

from tests import canaries


class CanaryHandler(logging.Handler):
    """Records, per test, which loggers wrote which canaries."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.current = ""
        self.hits: dict[str, set[tuple[str, str]]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        try:
            parts = [record.getMessage(), record.stack_info or ""]
            # What a handler prints: the record's exc_text if set, else the full traceback.
            if record.exc_text:
                parts.append(record.exc_text)
            elif record.exc_info and record.exc_info[1] is not None:
                parts.append("".join(traceback.format_exception(*record.exc_info)))
            found = canaries.find("\n".join(parts))
        except Exception:  # noqa: BLE001 - never let the guard break the code under test
            return
        for label in found:
            self.hits.setdefault(self.current, set()).add((record.name, label))


_handler = CanaryHandler()
_previous_level: list[int] = []


def pytest_configure(config: pytest.Config) -> None:
    root = logging.getLogger()
    _previous_level.append(root.level)
    root.setLevel(logging.DEBUG)
    root.addHandler(_handler)


def pytest_unconfigure(config: pytest.Config) -> None:
    root = logging.getLogger()
    root.removeHandler(_handler)
    if _previous_level:
        root.setLevel(_previous_level.pop())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    _handler.current = item.nodeid
    _handler.hits.pop(item.nodeid, None)
    yield
    _handler.current = ""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, None, None]:
    outcome = yield
    if call.when != "teardown":
        return
    hits = _handler.hits.pop(item.nodeid, set())
    if hits:
        report = outcome.get_result()
        report.outcome = "failed"
        found = ", ".join(f"{label} (logger {name!r})" for name, label in sorted(hits))
        report.longrepr = f"privacy guard: canary personal data or secret in the logs: {found}"


def leaks_of(nodeid: str) -> set[tuple[str, str]]:
    """The (logger, canary label) pairs seen so far in the running test (for assertions)."""
    return set(_handler.hits.get(nodeid, set()))
