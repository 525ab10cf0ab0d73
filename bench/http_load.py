"""The load harness of the webhook benches: a durable route against a bare route of one app.

The server is a separate process (``python -m bench.http_load serve <module> <data_dir>``):
the bot's real web app (``bot.web.build_app``) under uvicorn on 127.0.0.1, on a free port,
built on the real intake (:mod:`bench.durable`) with the routes that ``<module>.server_routes``
hands it: the channel's webhook plus a bare route that answers without storing. Server and
load generator are different processes, so the generator's CPU is not billed to the server.

The load generator keeps ``CONNECTIONS`` HTTP/1.1 keep-alive connections busy, one request in
flight on each, from a pool of requests built (and signed) before the clock starts. A phase
warms up for ``WARMUP`` seconds, then counts the responses completed in the next ``DURATION``
seconds and the time from writing each request to reading its whole response. Any answer
other than 200 is a failure. The machine is shared and noisy, so baseline and durable phases
alternate ``ROUNDS`` times against the same server and the medians are reported, with the
server's CPU time per response (all its threads, read from /proc around each phase): unlike a
rate, that hardly depends on what else the machine is running.

Everything is bounded: the request pool, every connect and response (timeouts), each phase,
and the server's start-up. Loopback only.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import itertools
import os
import select
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import Any

from bench import stack as server_stack
from bench.durable import count_inbound, filesystem, open_core, scratch_dir

CONNECTIONS = 16
WARMUP = 1.0
DURATION = 4.0
ROUNDS = 3
#: Most requests built for a phase before the clock starts (later rounds build twice what the
#: route answered in the round before); a phase that runs out ends early and says so.
POOL = 50_000
CONNECT_TIMEOUT = 5.0
RESPONSE_TIMEOUT = 20.0
READY_TIMEOUT = 120.0
ROOT = Path(__file__).resolve().parents[1]

#: Builds one complete HTTP request for ``path``; ``number`` is unique within a run.
RequestFactory = Callable[[str, int], bytes]


def http_post(path: str, headers: Mapping[str, str], body: bytes) -> bytes:
    """The bytes of an HTTP/1.1 keep-alive POST to 127.0.0.1."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclasses.dataclass(frozen=True, slots=True)
class Phase:
    """One measured phase against one route."""

    rate: float  # responses per second inside the measured window
    p50_ms: float
    p99_ms: float
    measured: int  # responses inside the measured window
    ok: int  # 200 answers in the whole phase, warm-up included
    failures: int  # other answers in the whole phase
    exhausted: bool  # the request pool ran out before the window ended
    cpu_ms: float = float("nan")  # server CPU (all threads) per response, whole phase
    client_cpu_ms: float = float("nan")  # the load generator's CPU per response, whole phase


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return int(head[9:12])


async def load(ports: int | Sequence[int], requests: Sequence[bytes]) -> Phase:
    """Send ``requests`` over ``CONNECTIONS`` connections for one warm-up plus window; the
    connections are spread over ``ports`` (several server processes) round robin."""
    spread = [ports] if isinstance(ports, int) else list(ports)
    pool = iter(requests)
    start = time.perf_counter()
    measure_from, stop_at = start + WARMUP, start + WARMUP + DURATION
    latencies: list[float] = []
    ok = failures = 0
    window_end = stop_at
    exhausted = False

    async def connection(port: int) -> None:
        nonlocal ok, failures, window_end, exhausted
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port), CONNECT_TIMEOUT
        )
        try:
            while (sent := time.perf_counter()) < stop_at:
                request = next(pool, None)
                if request is None:
                    exhausted, window_end = True, min(window_end, sent)
                    return
                writer.write(request)
                status = await asyncio.wait_for(_read_response(reader), RESPONSE_TIMEOUT)
                done = time.perf_counter()
                ok, failures = (ok + 1, failures) if status == 200 else (ok, failures + 1)
                if measure_from <= done < stop_at:
                    latencies.append(done - sent)
        finally:
            writer.close()

    await asyncio.wait_for(
        asyncio.gather(*(connection(spread[n % len(spread)]) for n in range(CONNECTIONS))),
        WARMUP + DURATION + CONNECT_TIMEOUT + RESPONSE_TIMEOUT,
    )
    latencies.sort()
    count = len(latencies)
    window = window_end - measure_from
    return Phase(
        rate=count / window if window > 0 else 0.0,
        p50_ms=latencies[count // 2] * 1000 if count else float("nan"),
        p99_ms=latencies[min(count - 1, int(count * 0.99))] * 1000 if count else float("nan"),
        measured=count,
        ok=ok,
        failures=failures,
        exhausted=exhausted,
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Comparison:
    """Alternating rounds against one server, and what the durable side left in the store."""

    baseline: list[Phase]
    durable: list[Phase]
    stored: int  # inbound rows in the store after the server stopped
    filesystem: str

    def median(self, side: str, key: str) -> float:
        return float(statistics.median(getattr(p, key) for p in getattr(self, side)))

    def total(self, side: str, key: str) -> int:
        return sum(getattr(p, key) for p in getattr(self, side))


def compare(module: str, channel: str, make_request: RequestFactory,
            baseline_path: str, durable_path: str) -> Comparison:
    """Run ``ROUNDS`` baseline/durable pairs against ``module``'s server; count what it stored."""
    numbers = itertools.count()
    baseline: list[Phase] = []
    durable: list[Phase] = []
    pool_size = {baseline_path: POOL, durable_path: POOL}
    with scratch_dir(f"{channel}-bench-") as data_dir:
        # The same busy loop (and pinning) for every round of both routes: bench/stack.py.
        with _server(module, data_dir) as (port, pid), server_stack.busy(), _as_client():
            for _ in range(ROUNDS):
                for path, phases in ((baseline_path, baseline), (durable_path, durable)):
                    # Built before the clock starts, so the generator spends its CPU on sockets.
                    size = pool_size[path]
                    requests = [make_request(path, n) for n in itertools.islice(numbers, size)]
                    cpu_before, client_before = _cpu_seconds(pid), time.process_time()
                    phase = asyncio.run(load(port, requests))
                    answers = phase.ok + phase.failures
                    pool_size[path] = min(POOL, max(1_000, 2 * answers))
                    per = 1000 / answers if answers else 0.0
                    phases.append(dataclasses.replace(
                        phase, cpu_ms=(_cpu_seconds(pid) - cpu_before) * per,
                        client_cpu_ms=(time.process_time() - client_before) * per))
        stored = count_inbound(data_dir, channel)
        return Comparison(baseline, durable, stored, filesystem(data_dir))


@contextmanager
def _as_client() -> Iterator[None]:
    """This process is the load generator: on its own CPU when pinning (bench/stack.py)."""
    before = os.sched_getaffinity(0)
    server_stack.pin("client")
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def figures(result: Comparison, *, what: str, unit: str, baseline_name: str,
            min_ratio: float, max_p99_ms: float | None = None) -> list[dict[str, Any]]:
    """The rate figure (target on the ratio) and the p99 figure of one comparison."""
    rate = {
        "name": f"{what} {unit} ({CONNECTIONS} connections)",
        "value": round(result.median("durable", "rate"), 1),
        "baseline_name": f"{baseline_name} {unit}",
        "baseline": round(result.median("baseline", "rate"), 1),
        "unit": unit,
        "target": f"≥ {min_ratio} × baseline",
        "min_ratio": min_ratio,
        "rounds": [round(p.rate) for p in result.durable],
        "baseline_rounds": [round(p.rate) for p in result.baseline],
        "stored": result.stored,
        "acknowledged": result.total("durable", "ok"),
        "failures": result.total("durable", "failures") + result.total("baseline", "failures"),
        "filesystem": result.filesystem,
        "round_ratios": [round(d.rate / b.rate, 3) if b.rate else None
                         for b, d in zip(result.baseline, result.durable, strict=True)],
        "server_stack": server_stack.described(),
        "machine_load": server_stack.load_described(),
        "cpu_ms_per_request": round(result.median("durable", "cpu_ms"), 3),
        "baseline_cpu_ms_per_request": round(result.median("baseline", "cpu_ms"), 3),
        # The generator's own CPU: when it is the larger, the machine's sharing between the
        # two processes (not the server) sets the rate; pinning keeps it off the server's CPU.
        "client_cpu_ms_per_request": round(result.median("durable", "client_cpu_ms"), 3),
        "baseline_client_cpu_ms_per_request": round(result.median("baseline", "client_cpu_ms"), 3),
    }
    if any(p.exhausted for p in result.baseline + result.durable):
        rate["pool_exhausted"] = True  # some window was shorter than DURATION
    p99 = {
        "name": f"{what} p99 latency",
        "value": round(result.median("durable", "p99_ms"), 2),
        "baseline_name": f"{baseline_name} p99",
        "baseline": round(result.median("baseline", "p99_ms"), 2),
        "unit": "ms",
        "target": f"< {max_p99_ms:g} ms" if max_p99_ms is not None else "reported",
        "p50_ms": round(result.median("durable", "p50_ms"), 2),
        "baseline_p50_ms": round(result.median("baseline", "p50_ms"), 2),
    }
    if max_p99_ms is not None:
        p99["max_value"] = max_p99_ms
    return [rate, p99]


# -- the server process -----------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` (all its threads) so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _server(module: str, data_dir: Path) -> Iterator[tuple[int, int]]:
    """Start the server process, yield (port, pid), stop it with SIGTERM (bounded waits)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.http_load", "serve", module, str(data_dir)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    assert process.stdout is not None  # stdout=PIPE
    try:
        ready, _, _ = select.select([process.stdout], [], [], READY_TIMEOUT)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("READY "):
            raise RuntimeError(f"{module} server did not start: {line.strip() or 'timeout'}")
        yield int(line.split()[1]), process.pid
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


async def serve(module: str, data_dir: Path) -> None:
    """Build the app on the real intake, print ``READY <port>``, serve until SIGTERM."""
    import uvicorn

    from bot.web import build_app

    routes_of = importlib.import_module(module).server_routes
    with open_core(data_dir) as core:
        async with AsyncExitStack() as stack:
            routes = await routes_of(core, stack)
            app = build_app(core.store, routes, [module])
            # Bound by uvicorn itself on port 0, as ``bot.service`` does: a socket made here
            # with proto 0 would miss asyncio's TCP_NODELAY, and every response with a body
            # would then wait ~40 ms for a delayed ACK (Nagle).
            config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                    access_log=False, lifespan="off",
                                    http=server_stack.http_name())
            server = uvicorn.Server(config)
            serving = asyncio.create_task(server.serve())
            while not server.started:
                if serving.done():
                    serving.result()  # raises why it stopped
                    raise RuntimeError("the web server stopped before it started")
                await asyncio.sleep(0.02)
            port = server.servers[0].sockets[0].getsockname()[1]
            print(f"READY {port}", flush=True)
            await serving


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "serve":
        sys.exit("usage: python -m bench.http_load serve <module> <data_dir>")
    server_stack.pin("server")  # before the store's threads start: they inherit it
    server_stack.run_server(serve(sys.argv[2], Path(sys.argv[3])))
