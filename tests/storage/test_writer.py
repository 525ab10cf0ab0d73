"""The store's writer thread runs arrivals before the bot's own writes that queued earlier."""

from __future__ import annotations

import threading

import pytest

from storage.writer import INTAKE, WORK, PriorityWriter


def test_arrivals_jump_the_queue_and_order_holds_within_a_priority() -> None:
    writer = PriorityWriter()
    release = threading.Event()
    ran: list[str] = []
    try:
        busy = writer.submit(WORK, release.wait, 10)  # a long transaction is running
        queued = [writer.submit(WORK, ran.append, "work-1"),
                  writer.submit(INTAKE, ran.append, "intake-1"),
                  writer.submit(WORK, ran.append, "work-2"),
                  writer.submit(INTAKE, ran.append, "intake-2")]
        release.set()
        assert busy.result(timeout=10) is True
        for future in queued:
            future.result(timeout=10)
        assert ran == ["intake-1", "intake-2", "work-1", "work-2"]
    finally:
        writer.shutdown()


def test_errors_reach_the_caller_and_cancelled_jobs_never_run() -> None:
    writer = PriorityWriter()
    release = threading.Event()
    ran: list[str] = []
    try:
        writer.submit(WORK, release.wait, 10)
        cancelled = writer.submit(INTAKE, ran.append, "given up")
        assert cancelled.cancel()
        failing = writer.submit(INTAKE, int, "not a number")
        release.set()
        with pytest.raises(ValueError):
            failing.result(timeout=10)
        assert writer.submit(WORK, len, "abc").result(timeout=10) == 3
        assert ran == []
    finally:
        writer.shutdown()


def test_shutdown_runs_what_was_submitted_then_refuses() -> None:
    writer = PriorityWriter()
    ran: list[int] = []
    futures = [writer.submit(WORK, ran.append, n) for n in range(5)]
    writer.shutdown()
    assert ran == [0, 1, 2, 3, 4] and all(f.done() for f in futures)
    with pytest.raises(RuntimeError):
        writer.submit(INTAKE, ran.append, 5)
