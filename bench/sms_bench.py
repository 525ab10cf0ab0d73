"""SMS webhook throughput: the durable inbound webhook against the same app's bare TwiML route.

One server process (uvicorn on 127.0.0.1, a free port) serves the channel's routes plus
``POST /sms/bare``, which answers a fixed ``<Response/>`` and stores nothing. A bounded Python
load generator (raw asyncio sockets, HTTP/1.1 keep-alive, 16 connections) sends Twilio-shaped
signed forms, each with a new MessageSid, first to the bare route and then to the webhook;
each phase warms up for ``WARMUP`` seconds and is measured for ``DURATION`` seconds.

The durable side is measured with every intake that can be built now, each labelled:

``bot``      the real ``bot.intake.DurableIntake`` (store, then the whole bot inline);
``store``    the real ``storage.Store`` group commit (fsync'd), replies canned;
``standin``  ``SqliteStandInIntake`` below: plain sqlite3, WAL, ``synchronous=FULL``, group
             commit, replies canned. Used only where the real parts do not import.

Targets (issue #4): durable ≥ 0.4 × bare requests/s; durable p99 < 50 ms.
Run: ``python -m bench.sms_bench`` (prints the result dicts as JSON).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

CONNECTIONS = 16
WARMUP = 1.0
DURATION = 5.0
MAX_REQUESTS = 200_000
#: Requests prepared per phase; a phase ends early (and says so) if they run out.
POOL = 40_000
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "bench-token-0123456789abcdef0123"
PUBLIC_URL = "https://bench.example"
LEVELS = ("bot", "store", "standin")
BODY_TEXT = "您好，我是A市A3区居民，小区旁边工地夜间施工噪音很大，已持续两个月，请尽快处理。"


# -- intakes for the server process ------------------------------------------------------


class SqliteStandInIntake:
    """STAND-IN for bot.intake.DurableIntake: a real SQLite insert + commit per batch.

    WAL with ``synchronous=FULL`` (each commit is fsync'd), one writer thread, group commit
    (everything that queued during a commit goes into the next one), dedupe on
    (channel, external_id) with a unique constraint. ``process`` returns one canned reply.
    """

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, channel TEXT,"
            " external_id TEXT, sender TEXT, text TEXT, raw BLOB, meta TEXT, received_at TEXT,"
            " UNIQUE (channel, external_id))"
        )
        self._writer = ThreadPoolExecutor(max_workers=1)
        self._pending: list[tuple[Any, asyncio.Future[Any]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._senders: dict[int, str] = {}

    async def store(self, message: Any) -> Any:
        from channels.base import Receipt  # noqa: F401 - imported where the server runs

        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._pending.append((message, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        from channels.base import IntakeUnavailable, Receipt

        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                results = await loop.run_in_executor(
                    self._writer, self._commit, [message for message, _ in batch]
                )
            except sqlite3.Error as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(IntakeUnavailable(type(exc).__name__))
                continue
            for (message, future), (row_id, duplicate) in zip(batch, results, strict=True):
                self._senders[row_id] = message.sender
                if not future.done():
                    future.set_result(Receipt(row_id, duplicate))

    def _commit(self, messages: Sequence[Any]) -> list[tuple[int, bool]]:
        results = []
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for message in messages:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO messages (channel, external_id, sender, text, raw,"
                    " meta, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        message.channel,
                        message.external_id,
                        message.sender,
                        message.text,
                        message.raw,
                        json.dumps(dict(message.meta)),
                        message.received_at.isoformat(),
                    ),
                )
                if cursor.rowcount:
                    results.append((int(cursor.lastrowid or 0), False))
                else:
                    row = self._db.execute(
                        "SELECT id FROM messages WHERE channel = ? AND external_id = ?",
                        (message.channel, message.external_id),
                    ).fetchone()
                    results.append((int(row[0]), True))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return results

    async def process(self, receipt: Any, *, inline: bool = False) -> Any:
        from channels.base import OutboundMessage

        return [canned_reply(OutboundMessage, self._senders.get(receipt.message_id, ""))]

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        return None


def canned_reply(kind: Any, recipient: str) -> Any:
    return kind(channel="sms", recipient=recipient, text="您的信访件已登记，编号 XF000001。")


class StoreOnlyIntake:
    """The real ``storage.Store`` group commit for ``store``; ``process`` gives a canned reply."""

    def __init__(self, data_dir: Path) -> None:
        from storage import Store

        self._store = Store.open(f"sqlite:///{data_dir / 'bench.sqlite3'}", data_dir)
        self._senders: dict[int, str] = {}

    async def store(self, message: Any) -> Any:
        from channels.base import IntakeUnavailable, Receipt
        from storage import Message, StoreUnavailable

        row = Message(
            direction="in",
            channel=message.channel,
            external_id=message.external_id,
            content_hash=message.content_hash,
            sender=message.sender,
            sender_name=message.sender_name,
            subject=message.subject,
            text=message.text,
            raw=message.raw,
            meta=dict(message.meta),
            references=list(message.references),
            auto_generated=message.auto_generated,
            needs_human=message.needs_human,
            received_at=message.received_at,
        )
        try:
            stored = await self._store.add_inbound(row, [])
        except StoreUnavailable as exc:
            raise IntakeUnavailable("store unavailable") from exc
        self._senders[stored.message_id] = message.sender
        return Receipt(stored.message_id, stored.duplicate)

    async def process(self, receipt: Any, *, inline: bool = False) -> Any:
        from channels.base import OutboundMessage

        return [canned_reply(OutboundMessage, self._senders.get(receipt.message_id, ""))]

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        return None


async def open_intake(level: str, data_dir: Path, stack: AsyncExitStack) -> Any:
    """The intake for ``level``, closed by ``stack``; raises when it cannot be built now."""
    if level == "bot":
        try:
            from bot.testing import build_intake  # type: ignore[import-not-found]
        except ImportError:
            build_intake = None
        if build_intake is not None:
            return await stack.enter_async_context(build_intake(data_dir))
        from bot.core import Core

        core = Core.open(database_url=f"sqlite:///{data_dir / 'bench.sqlite3'}", data_dir=data_dir)
        stack.callback(core.close)
        return core.intake
    if level == "store":
        intake = StoreOnlyIntake(data_dir)
        stack.callback(intake._store.close)
        return intake
    if level == "standin":
        return SqliteStandInIntake(data_dir / "standin.sqlite3")
    raise ValueError(level)


async def serve(level: str, data_dir: Path) -> None:
    """Server process: build the app, print ``READY <port>``, serve until SIGTERM."""
    import socket

    import httpx
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from channels.sms import SmsChannel

    async with AsyncExitStack() as stack:
        try:
            intake = await open_intake(level, data_dir, stack)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which skips the level
            print(f"UNAVAILABLE {type(exc).__name__}: {exc}", flush=True)
            return

        def offline(request: httpx.Request) -> httpx.Response:
            raise RuntimeError("the benchmark sends nothing out")

        channel = SmsChannel(
            intake=intake,
            account_sid=ACCOUNT_SID,
            auth_token=AUTH_TOKEN,
            from_number="+12025550123",
            public_url=PUBLIC_URL,
            transport=httpx.MockTransport(offline),
        )
        stack.push_async_callback(channel.stop)
        bare_body = '<?xml version="1.0" encoding="UTF-8"?><Response />'

        async def bare(request: Request) -> Response:
            return Response(bare_body, media_type="application/xml")

        app = Starlette(routes=[*channel.routes(), Route("/sms/bare", bare, methods=["POST"])])
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", backlog=256
        )
        server = uvicorn.Server(config)
        sock.listen(256)  # connections queue until uvicorn accepts them
        print(f"READY {sock.getsockname()[1]}", flush=True)
        await server.serve(sockets=[sock])


# -- load generator -----------------------------------------------------------------------


def _requests(path: str) -> Iterator[bytes]:
    """Signed Twilio-shaped POSTs to ``path``, each with a new MessageSid."""
    validator = RequestValidator(AUTH_TOKEN)
    url = PUBLIC_URL + "/sms/twilio"
    run = os.urandom(4).hex()
    for number in range(MAX_REQUESTS):
        sid = f"SM{run}{number:024x}"
        form = {
            "ToCountry": "US",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "SmsSid": sid,
            "SmsStatus": "received",
            "Body": BODY_TEXT,
            "FromCountry": "CN",
            "To": "+12025550123",
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": ACCOUNT_SID,
            "From": f"+86138{number % 100_000_000:08d}",
            "ApiVersion": "2010-04-01",
        }
        body = urlencode(form).encode()
        signature = validator.compute_signature(url, form)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Twilio-Signature: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        yield head.encode() + body


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


async def _load(port: int, path: str) -> dict[str, float]:
    # Built (and signed) before the clock starts, so the generator spends its CPU on sockets.
    requests = iter(list(itertools.islice(_requests(path), POOL)))
    start = time.perf_counter()
    measure_from, stop_at = start + WARMUP, start + WARMUP + DURATION
    latencies: list[float] = []
    failures = 0
    last_done = measure_from

    async def connection() -> None:
        nonlocal failures, last_done
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
        try:
            while (now := time.perf_counter()) < stop_at:
                request = next(requests, None)
                if request is None:
                    return
                writer.write(request)
                await writer.drain()
                status = await asyncio.wait_for(_read_response(reader), 20)
                done = time.perf_counter()
                if now >= measure_from:
                    last_done = max(last_done, done)
                    latencies.append(done - now)
                    if status != 200:
                        failures += 1
        finally:
            writer.close()

    await asyncio.wait_for(
        asyncio.gather(*(connection() for _ in range(CONNECTIONS))), WARMUP + DURATION + 30
    )
    latencies.sort()
    count = len(latencies)
    # Normally the whole DURATION; shorter only if the request pool ran out first.
    window = min(stop_at, last_done) - measure_from
    return {
        "requests_per_second": count / window if window > 0 else 0.0,
        "p50_ms": latencies[count // 2] * 1000 if count else float("nan"),
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1000 if count else float("nan"),
        "failures": float(failures),
        "count": float(count),
    }


@contextmanager
def _server(level: str, data_dir: Path) -> Iterator[int | None]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.sms_bench", "--serve", level, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=120)
    try:
        if not line or not line[0].startswith("READY "):
            print(
                f"sms bench: {level} intake unavailable: {(line or ['timeout'])[0].strip()}",
                file=sys.stderr,
            )
            yield None
        else:
            yield int(line[0].split()[1])
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def measure_level(level: str) -> dict[str, dict[str, float]] | None:
    with (
        tempfile.TemporaryDirectory(prefix=f"sms-bench-{level}-") as directory,
        _server(level, Path(directory)) as port,
    ):
        if port is None:
            return None
        bare = asyncio.run(_load(port, "/sms/bare"))
        durable = asyncio.run(_load(port, "/sms/twilio"))
    return {"bare": bare, "durable": durable}


def run() -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for level in LEVELS:
        if level == "standin" and results:
            continue  # the stand-in only matters when nothing real could be measured
        measured = measure_level(level)
        if measured is None:
            continue
        bare, durable = measured["bare"], measured["durable"]
        label = f"sms webhook durable [{level}]"
        if durable["failures"] or bare["failures"]:
            print(
                f"sms bench: {level}: {durable['failures']:.0f} durable and "
                f"{bare['failures']:.0f} bare non-200 answers",
                file=sys.stderr,
            )
        results += [
            {
                "name": f"{label} requests/s",
                "value": round(durable["requests_per_second"], 1),
                "baseline_name": "sms bare TwiML requests/s",
                "baseline": round(bare["requests_per_second"], 1),
                "unit": "req/s",
                "target": ">= 0.4 x baseline",
                "ratio": round(durable["requests_per_second"] / bare["requests_per_second"], 3),
            },
            {
                "name": f"{label} p99 latency",
                "value": round(durable["p99_ms"], 2),
                "baseline_name": "sms bare TwiML p99 latency",
                "baseline": round(bare["p99_ms"], 2),
                "unit": "ms",
                "target": "< 50 ms",
            },
        ]
    return results


def main(argv: Sequence[str]) -> None:
    if len(argv) == 3 and argv[0] == "--serve":
        asyncio.run(serve(argv[1], Path(argv[2])))
        return
    print(json.dumps(run(), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
