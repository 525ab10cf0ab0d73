"""Which event loop and HTTP parser the benchmark servers run on.

``XINFANG_BENCH_LOOP`` (``asyncio``, the default, or ``uvloop``) and ``XINFANG_BENCH_HTTP``
(``h11``, the default, or ``httptools``) choose them, so that one machine can compare the
stacks. The choice applies to the server process only, and so to BOTH sides of every ratio:
the bare route and the durable route are served by the same process, the null SMTP handler
and the durable one by the same loop. The load generators always run on plain asyncio, so a
faster stack is not credited to the client. The defaults are what ``python run.py serve``
runs on when neither package is installed; ``python -m bench.runner`` notes the stack in
every figure it writes.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

LOOPS = ("asyncio", "uvloop")
PARSERS = ("h11", "httptools")


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
