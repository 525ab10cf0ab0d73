"""Scale on PostgreSQL: durable Twilio-webhook intake with one ``serve`` process against two.

Every server is the real thing, ``python run.py serve`` (web app, processor, outbox), started
as its own process: one on SQLite (the project disk, context only), one on a private schema of
the PostgreSQL server, and two sharing another schema. They all run for the whole bench and
the load moves from one set to the next, ``ROUNDS`` times, so every figure has its baseline
from the same minutes of this noisy shared machine; medians are reported.

A phase keeps ``CONNECTIONS`` keep-alive connections busy (spread over the set's processes)
with signed Twilio webhooks, each a new ``MessageSid`` from a new number (built before the
clock starts, see :mod:`bench.sms_bench`), for a warm-up plus a ``DURATION`` window: the
acknowledged (200) requests per second is the *intake* figure. Then the bench waits until the
set has decided every stored message (case opened, reply queued): stored and processed per
second, from the phase's start to the last message decided, is the *processed* figure, the one
that says whether a second process adds capacity. Replies go nowhere (no sending number: the
outbox marks them failed without a network call).

Also recorded: PostgreSQL connections each process holds (from /proc), the WAL written, rows and
table bytes per message (the server may be shared with other work: WAL is an upper bound).

Skipped (no figures, a note on stderr) when PostgreSQL is not reachable at
``XINFANG_BENCH_POSTGRES_URL`` (else ``XINFANG_TEST_POSTGRES_URL``, else the local server).
Run alone: ``python -m bench.scale_bench``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from bench.durable import scratch_dir
from bench.http_load import CONNECTIONS, load
from bench.sms_bench import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, WEBHOOK_PATH, signed_request

ROUNDS = 2
#: Requests built per phase: enough for the window at the rates seen here, and a bound on the
#: backlog each phase leaves to process.
POOL = 2_000
READY_TIMEOUT = 120.0
DRAIN_TIMEOUT = 180.0
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
ROOT = Path(__file__).resolve().parents[1]
PG_PORT_HEX = f"{5432:04X}"
SQLITE_ONE, PG_ONE, PG_TWO = "sqlite, 1 process", "postgresql, 1 process", "postgresql, 2 processes"


@dataclasses.dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path


@dataclasses.dataclass
class Setup:
    """One way of running the bot: its processes and the database they share."""

    name: str
    servers: list[Server]
    database: str  # the URL the processes use
    engine: Engine


@dataclasses.dataclass(frozen=True)
class Phase:
    intake_rate: float  # acknowledged requests per second in the window
    processed_rate: float  # messages stored and decided per second, start to last decided
    p99_ms: float
    acknowledged: int
    failures: int
    cpu_ms: float  # all the set's processes, per acknowledged request, phase + drain
    connections: list[int]  # PostgreSQL connections per process after the phase


def postgres_url() -> str:
    return (os.environ.get("XINFANG_BENCH_POSTGRES_URL")
            or os.environ.get("XINFANG_TEST_POSTGRES_URL") or DEFAULT_URL)


def _engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                         connect_args={"connect_timeout": 3})


def reachable(url: str) -> bool:
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


@contextmanager
def schema(url: str) -> Iterator[str]:
    """A private schema for one setup, dropped afterwards; yields its URL."""
    name = "bench_" + secrets.token_hex(5)
    admin = _engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        separator = "&" if "?" in url else "?"
        yield f"{url}{separator}options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(database_url: str, data_dir: Path, log: Path) -> Server:
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("XINFANG_")}
    env.update(
        XINFANG_DATA_DIR=str(data_dir), XINFANG_SECRET_KEY="bench-shared-key",
        XINFANG_HTTP_PORT=str(port), XINFANG_MAIL_ENABLED="false", XINFANG_LOG_LEVEL="ERROR",
        XINFANG_PUBLIC_URL=PUBLIC_URL, XINFANG_TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        XINFANG_TWILIO_AUTH_TOKEN=AUTH_TOKEN, XINFANG_SUPERVISION_INTERVAL="86400",
    )
    if database_url:
        env["XINFANG_DATABASE_URL"] = database_url
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "serve"], env=env,
                                   cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    return Server(process, port, log)


def wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while "sms" not in server.log.read_text(errors="replace"):
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("serve did not start: "
                               + server.log.read_text(errors="replace")[-500:])
        time.sleep(0.1)


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)


# -- load -----------------------------------------------------------------------------------


def unprocessed(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(
            "SELECT count(*) FROM message WHERE direction = 'in' AND processed_at IS NULL"
        )).scalar_one())


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg_connections(pid: int) -> int:
    """TCP connections of process ``pid`` to port 5432, from /proc (no extra tools)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[2].endswith(":" + PG_PORT_HEX) and fields[9] in inodes:
                count += 1
    return count


def phase(setup: Setup, requests: Sequence[bytes]) -> Phase:
    pids = [server.process.pid for server in setup.servers]
    cpu_before = sum(_cpu_seconds(pid) for pid in pids)
    started = time.perf_counter()
    loaded = asyncio.run(load([s.port for s in setup.servers], requests))
    rate, p99, ok, failures = loaded.rate, loaded.p99_ms, loaded.ok, loaded.failures
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while unprocessed(setup.engine):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{setup.name}: backlog not processed in {DRAIN_TIMEOUT:.0f} s")
        time.sleep(0.1)
    drained = time.perf_counter() - started
    cpu = sum(_cpu_seconds(pid) for pid in pids) - cpu_before
    connections = [pg_connections(pid) for pid in pids] if "postgresql" in setup.database \
        else []
    return Phase(rate, ok / drained, p99, ok, failures, cpu * 1000 / ok if ok else 0.0,
                 connections)


# -- PostgreSQL growth ----------------------------------------------------------------------


def wal_position(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(
            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")).scalar_one())


def table_bytes(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar_one())


def rows(engine: Engine) -> int:
    """Rows in every table of the schema (exact counts)."""
    with engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
        return sum(int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
                   for table in list(tables))


def stored_messages(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(
            "SELECT count(*) FROM message WHERE direction = 'in'")).scalar_one())


# -- the bench ------------------------------------------------------------------------------


def run() -> list[dict[str, Any]]:
    url = postgres_url()
    if not reachable(url):
        print("    scale: PostgreSQL not reachable (set XINFANG_BENCH_POSTGRES_URL); skipped",
              file=sys.stderr)
        return []
    with ExitStack() as stack:
        base = stack.enter_context(scratch_dir("scale-bench-"))
        plans = [(SQLITE_ONE, "", 1), (PG_ONE, stack.enter_context(schema(url)), 1),
                 (PG_TWO, stack.enter_context(schema(url)), 2)]
        # The first process of each setup starts at once; it migrates its empty schema.
        firsts = []
        for index, (_, database, _) in enumerate(plans):
            firsts.append(start(database, base / str(index), base / f"{index}-0.log"))
            stack.callback(stop, firsts[-1])
        setups = []
        for index, ((name, database, count), first) in enumerate(zip(plans, firsts, strict=True)):
            wait_ready(first)
            servers = [first]
            for extra in range(1, count):
                servers.append(start(database, base / str(index), base / f"{index}-{extra}.log"))
                stack.callback(stop, servers[-1])
                wait_ready(servers[-1])
            database = database or f"sqlite:///{base / str(index) / 'xinfang.sqlite3'}"
            engine = create_engine(database.replace("postgresql://", "postgresql+psycopg://", 1))
            stack.callback(engine.dispose)
            setups.append(Setup(name, servers, database, engine))
        admin = _engine(url)
        stack.callback(admin.dispose)
        numbers = itertools.count()
        phases: dict[str, list[Phase]] = {setup.name: [] for setup in setups}
        wal: dict[str, int] = {setup.name: 0 for setup in setups if setup.name != SQLITE_ONE}
        for _ in range(ROUNDS):
            for setup in setups:
                requests = [signed_request(WEBHOOK_PATH, n)
                            for n in itertools.islice(numbers, POOL)]
                before = wal_position(admin)
                phases[setup.name].append(phase(setup, requests))
                if setup.name in wal:
                    wal[setup.name] += wal_position(admin) - before
        stored = {setup.name: stored_messages(setup.engine) for setup in setups}
        size = {setup.name: table_bytes(setup.engine) for setup in setups if setup.name in wal}
        counts = {setup.name: rows(setup.engine) for setup in setups if setup.name in wal}
    return figures(phases, stored, wal, size, counts)


def figures(phases: dict[str, list[Phase]], stored: dict[str, int], wal: dict[str, int],
            size: dict[str, int], counts: dict[str, int]) -> list[dict[str, Any]]:
    one, two, lite = PG_ONE, PG_TWO, SQLITE_ONE

    def median(name: str, key: str) -> float:
        return float(statistics.median(getattr(p, key) for p in phases[name]))

    def intake_notes(name: str) -> dict[str, Any]:
        extra: dict[str, Any] = {
            "rounds": [round(p.intake_rate) for p in phases[name]],
            "acknowledged": sum(p.acknowledged for p in phases[name]),
            "stored": stored[name],
            "failures": sum(p.failures for p in phases[name]),
        }
        if name in wal:
            extra["pg_connections_per_process"] = phases[name][-1].connections
        return extra

    def processed_notes(name: str) -> dict[str, Any]:
        acknowledged = sum(p.acknowledged for p in phases[name])
        extra: dict[str, Any] = {
            "rounds": [round(p.processed_rate) for p in phases[name]],
            "cpu_ms_per_message": round(median(name, "cpu_ms"), 2),
        }
        if name in wal and acknowledged:
            extra["wal_bytes_per_message_at_most"] = round(wal[name] / acknowledged)
            extra["table_bytes_per_message"] = round(size[name] / max(stored[name], 1))
            extra["rows_per_message"] = round(counts[name] / max(stored[name], 1), 1)
        return extra

    def figure(name: str, key: str, what: str, unit: str, extra: dict[str, Any],
               digits: int = 1) -> dict[str, Any]:
        return {"name": what, "value": round(median(name, key), digits),
                "baseline_name": f"{one} {unit}", "baseline": round(median(one, key), digits),
                "unit": unit, "target": "reported", **extra}

    return [
        figure(two, "intake_rate", f"durable Twilio webhooks, {two} ({CONNECTIONS} connections)",
               "requests/s", intake_notes(two)),
        figure(two, "processed_rate", f"stored and processed, {two}", "messages/s",
               processed_notes(two)),
        figure(two, "p99_ms", f"webhook p99 latency, {two}", "ms", {}),
        figure(lite, "intake_rate", f"durable Twilio webhooks, {lite} (context)", "requests/s",
               intake_notes(lite)),
        figure(lite, "processed_rate", f"stored and processed, {lite} (context)", "messages/s",
               processed_notes(lite)),
        figure(lite, "p99_ms", f"webhook p99 latency, {lite} (context)", "ms", {}),
    ]


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
