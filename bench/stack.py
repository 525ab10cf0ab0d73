"""Which event loop and HTTP parser the benchmark servers run on.

``XINFANG_BENCH_LOOP`` (``asyncio``, the default, or ``uvloop``) and ``XINFANG_BENCH_HTTP``
(``h11``, the default, or ``httptools``) choose them, so that one machine can compare the
stacks. The choice applies to the server process only, and so to BOTH sides of every ratio:
the bare route and the durable route are served by the same process, the null SMTP handler
and the durable one by the same loop. The load generators always run on plain asyncio, so a
faster stack is not credited to the client. The defaults are what ``python run.py serve``
runs on when neither package is installed; ``python -m bench.runner`` notes the stack in
every figure it writes.

A busy machine, the same for both sides of every ratio: ``XINFANG_BENCH_BUSY=N`` starts N
processes that spin on the CPU (``while True: pass``) before the first round and stops them
after the last, so the baseline and the durable phases alternate under one and the same load.
``XINFANG_BENCH_PIN=1`` pins the roles with ``sched_setaffinity`` (what ``taskset`` does): the
server process and the spinning processes on CPU 0, the load generator alone on CPU 1. The
server then shares its core with a second process, as ``serve`` would on a busy machine, while
the generator (which production does not have) neither takes the server's CPU nor is slowed
by the spinner; unpinned, the scheduler puts the three wherever it likes, and the generator's
share of the CPU becomes part of the comparison. Other processes on the machine are not
pinned by this and still land anywhere.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

T = TypeVar("T")

LOOPS = ("asyncio", "uvloop")
PARSERS = ("h11", "httptools")
Role = Literal["server", "client", "busy"]
#: CPUs of each role when ``XINFANG_BENCH_PIN`` is set: the server shares CPU 0 with the
#: spinning processes; the load generator has CPU 1 to itself.
PINNED: dict[Role, set[int]] = {"server": {0}, "client": {1}, "busy": {0}}


def loop_name() -> str:
    name = os.environ.get("XINFANG_BENCH_LOOP", "asyncio")
    if name not in LOOPS:
        raise SystemExit(f"XINFANG_BENCH_LOOP must be one of {', '.join(LOOPS)}")
    return name


def http_name() -> str:
    name = os.environ.get("XINFANG_BENCH_HTTP", "h11")
    if name not in PARSERS:
        raise SystemExit(f"XINFANG_BENCH_HTTP must be one of {', '.join(PARSERS)}")
    return name


def run_server(main: Coroutine[Any, Any, T]) -> T:
    """Run a benchmark server's coroutine on the chosen loop."""
    if loop_name() == "uvloop":
        import uvloop

        return uvloop.run(main)
    return asyncio.run(main)


def described() -> str:
    return f"{loop_name()}+{http_name()}"


def busy_count() -> int:
    value = os.environ.get("XINFANG_BENCH_BUSY", "0")
    if not value.isdigit():
        raise SystemExit("XINFANG_BENCH_BUSY must be a number of spinning processes")
    return int(value)


def pinned() -> bool:
    return os.environ.get("XINFANG_BENCH_PIN", "") not in ("", "0")


def pin(role: Role, pid: int = 0) -> None:
    """Pin process ``pid`` (0: this one) to ``role``'s CPUs when ``XINFANG_BENCH_PIN`` is set.

    Threads started afterwards inherit it: call before the server opens its store."""
    if not pinned():
        return
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("XINFANG_BENCH_PIN needs at least 2 CPUs")
    os.sched_setaffinity(pid, PINNED[role])


@contextmanager
def busy() -> Iterator[None]:
    """``XINFANG_BENCH_BUSY`` spinning processes for the duration (pinned if asked)."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(busy_count())]
    try:
        for spinner in spinners:
            pin("busy", spinner.pid)
        yield
    finally:
        for spinner in spinners:  # only the processes started here, by their own handle
            spinner.kill()
            spinner.wait(timeout=10)


def load_described() -> str:
    """How the machine was loaded by the bench itself, for the figures' notes."""
    count = busy_count()
    spin = f"{count} spinning process{'es' if count != 1 else ''}" if count else "no busy loop"
    layout = "pinned: server and spinner CPU 0, load generator CPU 1" if pinned() else "unpinned"
    return f"{spin}, {layout}"
