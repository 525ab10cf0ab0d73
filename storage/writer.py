"""The store's writer thread: one job at a time, arrivals first.

SQLite has one writer; the store gives it one thread, so transactions never wait on each
other's locks. On that one thread, storing arrivals (what a channel waits on before it may
answer ``250`` / ``200``) must not queue behind the bot's own work (deciding a batch of
messages, claiming outbox rows): a waiting arrival is a client waiting. Jobs run in priority
order, and in submission order within a priority.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

INTAKE = 0  # storing arrivals: a client is waiting for its acknowledgement
WORK = 1  # everything else

_STOP = object()


class PriorityWriter:
    """A single worker thread taking jobs by (priority, submission order)."""

    def __init__(self, name: str = "store-writer") -> None:
        self._jobs: queue.PriorityQueue[tuple[int, int, Any]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, priority: int, fn: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the store's writer is shut down")
            self._jobs.put((priority, next(self._order), (future, fn, args)))
        return future

    def shutdown(self) -> None:
        """Run the jobs already submitted, then stop the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            # Last in order: every job submitted before runs first, whatever its priority.
            self._jobs.put((WORK + 1, next(self._order), _STOP))
        self._thread.join()

    def _run(self) -> None:
        while True:
            _, _, job = self._jobs.get()
            if job is _STOP:
                return
            future, fn, args = job
            if not future.set_running_or_notify_cancel():
                continue  # its caller gave up before it started
            try:
                result = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)
            else:
                future.set_result(result)
