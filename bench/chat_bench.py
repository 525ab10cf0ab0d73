"""Telegram webhook throughput: durable updates/s against the same app's bare route.

One server process (uvicorn on 127.0.0.1, a free port) serves the chat channel's
``POST /telegram/webhook`` plus ``POST /telegram/bare``, which reads the body and answers
``200`` without storing. A bounded load generator (raw asyncio sockets, HTTP/1.1 keep-alive,
16 connections) sends Telegram-shaped updates, each with a new ``update_id`` and the right
``X-Telegram-Bot-Api-Secret-Token``, first to the bare route, then to the webhook; each phase
warms up for ``WARMUP`` seconds and is measured for ``DURATION`` seconds.

The durable side uses the best intake that can be built, labelled in the figure's name:

``bot``      the real ``bot.intake.DurableIntake`` (``bot.testing.build_intake`` when it
             exists, else ``bot.core.Core``): the update is in the fsync'd store before 200.
``store``    the real ``storage.Store`` (group commit, fsync'd) behind a minimal intake, for
             when ``bot/`` does not import yet (its row mapping mirrors ``bot.intake.to_row``).
``standin``  ``SqliteStandInIntake`` below (sqlite3, WAL, ``synchronous=FULL``, group commit),
             used only when neither real intake imports.

Target (issue #5): durable ≥ 0.4 × bare updates/s.
Run: ``python -m bench.chat_bench`` (prints the result dicts as JSON).
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

CONNECTIONS = 16
WARMUP = 1.0
DURATION = 5.0
#: Requests prepared per phase; a phase ends early (and says so) if they run out.
POOL = 40_000
TOKEN = "123456:bench-token-never-used-on-a-network"
SECRET = "bench-webhook-secret-0123456789"
LEVELS = ("bot", "store", "standin")
TEXT = "您好，我是A市A3区居民，小区楼下烧烤店油烟和噪音扰民，已持续两个月，请尽快处理。"


# -- server side ----------------------------------------------------------------------------


class SqliteStandInIntake:
    """STAND-IN for bot.intake.DurableIntake: a real SQLite insert + commit per batch.

    WAL with ``synchronous=FULL`` (each commit is fsync'd), one writer thread, group commit
    (whatever queued during a commit goes into the next), dedupe on (channel, external_id)
    with a unique constraint.
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

    async def store(self, message: Any) -> Any:
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
            for (_, future), (row_id, duplicate) in zip(batch, results, strict=True):
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
        return []

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        return None


class StoreOnlyIntake:
    """The real ``storage.Store`` for ``store``; ``process`` answers nothing."""

    def __init__(self, data_dir: Path) -> None:
        from storage import Store

        self.store_ = Store.open(f"sqlite:///{data_dir / 'bench.sqlite3'}", data_dir)

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
            stored = await self.store_.add_inbound(row, [])
        except StoreUnavailable as exc:
            raise IntakeUnavailable("store unavailable") from exc
        return Receipt(stored.message_id, stored.duplicate)

    async def process(self, receipt: Any, *, inline: bool = False) -> Any:
        return []

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
        stack.callback(intake.store_.close)
        return intake
    if level == "standin":
        return SqliteStandInIntake(data_dir / "standin.sqlite3")
    raise ValueError(level)


def _no_network() -> Any:
    """A Bot API request object that refuses every call: the benchmark sends nothing out."""
    from telegram.request import BaseRequest

    class NoNetwork(BaseRequest):
        @property
        def read_timeout(self) -> float | None:
            return 1.0

        async def initialize(self) -> None:
            return None

        async def shutdown(self) -> None:
            return None

        async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("the benchmark makes no Bot API calls")

    return NoNetwork()


async def serve(level: str, data_dir: Path) -> None:
    """Server process: build the app, print ``READY <port>``, serve until SIGTERM."""
    import socket

    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from channels.chat import TelegramChannel

    async with AsyncExitStack() as stack:
        try:
            intake = await open_intake(level, data_dir, stack)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which skips the level
            print(f"UNAVAILABLE {type(exc).__name__}: {exc}", flush=True)
            return
        channel = TelegramChannel(TOKEN, intake, webhook_secret=SECRET, request=_no_network())
        stack.push_async_callback(channel.stop)

        async def bare(request: Request) -> Response:
            await request.body()  # the same upload work as the webhook, nothing stored
            return Response(status_code=200)

        app = Starlette(routes=[*channel.routes(), Route("/telegram/bare", bare, methods=["POST"])])
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", backlog=256
        )
        server = uvicorn.Server(config)
        sock.listen(256)
        print(f"READY {sock.getsockname()[1]}", flush=True)
        await server.serve(sockets=[sock])


# -- load generator -------------------------------------------------------------------------


def _requests(path: str) -> Iterator[bytes]:
    """Telegram-shaped webhook POSTs to ``path``, each with a new update_id."""
    first = int.from_bytes(os.urandom(3), "big") * 1_000_000
    for number in itertools.count():
        user = 100_000_000 + number % 5_000
        update = {
            "update_id": first + number,
            "message": {
                "message_id": number + 1,
                "from": {
                    "id": user,
                    "is_bot": False,
                    "first_name": "建国",
                    "language_code": "zh-hans",
                },
                "chat": {"id": user, "first_name": "建国", "type": "private"},
                "date": 1717200000 + number,
                "text": TEXT,
            },
        }
        body = json.dumps(update, ensure_ascii=False).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {len(body)}\r\n\r\n"
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
    requests = iter(list(itertools.islice(_requests(path), POOL)))  # built before the clock
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
    window = min(stop_at, last_done) - measure_from
    return {
        "per_second": count / window if window > 0 else 0.0,
        "p50_ms": latencies[count // 2] * 1000 if count else float("nan"),
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1000 if count else float("nan"),
        "failures": float(failures),
        "count": float(count),
    }


@contextmanager
def _server(level: str, data_dir: Path) -> Iterator[int | None]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.chat_bench", "--serve", level, str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    line: list[str] = []
    stdout = process.stdout
    assert stdout is not None
    reader = threading.Thread(target=lambda: line.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout=120)
    try:
        if not line or not line[0].startswith("READY "):
            reason = (line or ["no answer within 120 s"])[0].strip()
            print(f"chat bench: {level} intake unavailable: {reason}", file=sys.stderr)
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
        tempfile.TemporaryDirectory(prefix=f"chat-bench-{level}-") as directory,
        _server(level, Path(directory)) as port,
    ):
        if port is None:
            return None
        bare = asyncio.run(_load(port, "/telegram/bare"))
        durable = asyncio.run(_load(port, "/telegram/webhook"))
    return {"bare": bare, "durable": durable}


def run() -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for level in LEVELS:
        if results:
            break  # the first level that could be built is the most real one
        measured = measure_level(level)
        if measured is None:
            continue
        bare, durable = measured["bare"], measured["durable"]
        if durable["failures"] or bare["failures"]:
            print(
                f"chat bench [{level}]: {durable['failures']:.0f} durable and"
                f" {bare['failures']:.0f} bare requests were not answered 200",
                file=sys.stderr,
            )
        results.append(
            {
                "name": f"telegram webhook durable updates/s [{level}]",
                "value": round(durable["per_second"], 1),
                "baseline_name": "same app, bare route (no store)",
                "baseline": round(bare["per_second"], 1),
                "unit": "updates/s",
                "target": "≥ 0.4 × baseline",
            }
        )
        results.append(
            {
                "name": f"telegram webhook durable p99 latency [{level}]",
                "value": round(durable["p99_ms"], 2),
                "baseline_name": "bare route p99",
                "baseline": round(bare["p99_ms"], 2),
                "unit": "ms",
                "target": "informational (16 connections)",
            }
        )
    return results


def main(argv: Sequence[str]) -> int:
    if len(argv) == 3 and argv[0] == "--serve":
        try:
            asyncio.run(serve(argv[1], Path(argv[2])))
        except KeyboardInterrupt:
            pass
        return 0
    print(json.dumps(run(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
