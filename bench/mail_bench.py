"""Mail intake throughput: the durable SMTP intake against aiosmtpd with a null handler.

The server side runs in this process on one asyncio loop, as in ``run.py serve``: first a stock
aiosmtpd ``SMTP`` whose ``handle_DATA`` answers ``250`` and keeps nothing (the baseline), then
the real :class:`channels.mail.MailChannel` whose ``250`` waits for an fsync'd store. The load
comes from a separate client process (so client CPU does not skew either side): ``CLIENTS``
concurrent SMTP sessions, each sending letters back to back (MAIL, RCPT, DATA; a new
Message-ID and body each time, a 2 KB GB2312 base64 letter). Each phase warms up for
``WARMUP`` seconds and is measured for ``DURATION`` seconds; the client records the time from
writing the final ``.`` to reading the ``250``. Null and durable phases alternate ``ROUNDS``
times and the medians are reported.

The durable side uses the best intake that can be built now, labelled in the figure's name:

``bot``      ``bot.core.Core.open(...)``'s ``DurableIntake`` (the real bot intake);
``store``    the real ``storage.Store.add_inbound`` group commit (fsync'd), row built here;
``standin``  a plain sqlite3 insert + commit, WAL, ``synchronous=FULL``, group commit.

Target (issue #3): durable ≥ 0.6 × null-handler messages/s, every 250 fsync'd.
Run: ``python -m bench.mail_bench`` (prints the result dicts as JSON).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

CLIENTS = 16
WARMUP = 1.0
DURATION = 4.0
#: Phases alternate null / durable this many times; medians are reported (shared machines
#: are noisy: one phase alone can be off by ±30 %).
ROUNDS = 3
DOMAIN = "xinfang.example.cn"
BODY = ("您好，我是A市A3区居民，小区旁边工地夜间施工噪音很大，已持续两个月，"
        "多次向施工单位反映无果，严重影响居民休息，请尽快处理。") * 8


def letter(client: int, number: int) -> bytes:
    text = f"{BODY}\n编号 {client}-{number}\n".encode("gb18030")
    body = base64.encodebytes(text).decode().replace("\n", "\r\n")
    return (
        f"From: =?gb2312?B?{base64.b64encode('居民'.encode('gbk')).decode()}?= <c{client}@example.com>\r\n"
        f"To: xinfang@{DOMAIN}\r\n"
        f"Subject: =?gb2312?B?{base64.b64encode('工地夜间施工噪音'.encode('gbk')).decode()}?=\r\n"
        f"Message-ID: <bench-{client}-{number}-{time.monotonic_ns()}@example.com>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{body}"
    ).encode("ascii")


# -- the load generator (runs in a child process) ------------------------------------------


async def _reply(reader: asyncio.StreamReader) -> bytes:
    while True:
        line = await reader.readline()
        if not line:
            raise ConnectionError("server closed")
        if line[3:4] != b"-":
            return line


async def _client(port: int, client: int, stop_at: float, measure_from: float,
                  latencies: list[float], counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await _reply(reader)
    writer.write(b"EHLO bench.client\r\n")
    await _reply(reader)
    number = 0
    while time.monotonic() < stop_at:
        number += 1
        data = letter(client, number)
        for command in (b"MAIL FROM:<c%d@example.com>" % client, b"RCPT TO:<xinfang@" + DOMAIN.encode() + b">",
                        b"DATA"):
            writer.write(command + b"\r\n")
            await _reply(reader)
        writer.write(data + b".\r\n")
        sent = time.perf_counter()
        answer = await _reply(reader)
        elapsed = time.perf_counter() - sent
        if not answer.startswith(b"250"):
            raise RuntimeError(f"server answered {answer!r}")
        if time.monotonic() >= measure_from:
            latencies.append(elapsed)
            counts[0] += 1
    writer.write(b"QUIT\r\n")
    await _reply(reader)
    writer.close()


async def _load(port: int) -> dict[str, Any]:
    start = time.monotonic()
    measure_from, stop_at = start + WARMUP, start + WARMUP + DURATION
    latencies: list[float] = []
    counts = [0]
    await asyncio.gather(*(_client(port, n, stop_at, measure_from, latencies, counts)
                           for n in range(CLIENTS)))
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0.0
    return {"rate": counts[0] / DURATION, "p99_ms": p99 * 1000, "count": counts[0]}


def _client_main(port: int) -> None:
    print(json.dumps(asyncio.run(_load(port))), flush=True)


async def _drive(port: int) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.mail_bench", "--client", str(port),
        stdout=subprocess.PIPE, cwd=str(Path(__file__).resolve().parents[1]),
    )
    output, _ = await asyncio.wait_for(process.communicate(), WARMUP + DURATION + 60)
    if process.returncode != 0:
        raise RuntimeError("load generator failed")
    result: dict[str, Any] = json.loads(output)
    return result


# -- the servers ---------------------------------------------------------------------------


class NullHandler:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


async def _null_server() -> tuple[Any, int]:
    from aiosmtpd.smtp import SMTP

    loop = asyncio.get_running_loop()
    handler = NullHandler()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="bench.server", loop=loop), "127.0.0.1", 0
    )
    return server, int(server.sockets[0].getsockname()[1])


class SqliteStandInIntake:
    """STAND-IN for the real store: sqlite3 insert + commit per batch (WAL, synchronous=FULL)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE messages (id INTEGER PRIMARY KEY, channel TEXT, external_id TEXT,"
            " content_hash TEXT, sender TEXT, subject TEXT, text TEXT, raw BLOB,"
            " UNIQUE (channel, external_id, content_hash))"
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
        from channels.base import Receipt

        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending, []
            ids = await loop.run_in_executor(self._writer, self._commit, [m for m, _ in batch])
            for (_, future), row_id in zip(batch, ids, strict=True):
                if not future.done():
                    future.set_result(Receipt(row_id, False))

    def _commit(self, messages: list[Any]) -> list[int]:
        self._db.execute("BEGIN IMMEDIATE")
        ids = []
        for m in messages:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO messages (channel, external_id, content_hash, sender,"
                " subject, text, raw) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (m.channel, m.external_id, m.content_hash, m.sender, m.subject, m.text, m.raw),
            )
            ids.append(int(cursor.lastrowid or 0))
        self._db.execute("COMMIT")
        return ids

    async def process(self, receipt: Any, *, inline: bool = False) -> list[Any]:
        return []

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        return None

    def close(self) -> None:
        self._writer.shutdown()
        self._db.close()


class StoreIntake:
    """The real ``storage.Store`` group commit; the row is built as ``bot.intake.to_row`` does."""

    def __init__(self, data_dir: Path) -> None:
        from storage import Store

        self.db = Store.open(f"sqlite:///{data_dir / 'bench.sqlite3'}", data_dir)

    async def store(self, message: Any) -> Any:
        from channels.base import Receipt
        from storage import Message, NewAttachment

        row = Message(
            direction="in", channel=message.channel, external_id=message.external_id,
            content_hash=message.content_hash, sender=message.sender,
            sender_name=message.sender_name, subject=message.subject, text=message.text,
            raw=message.raw, meta=dict(message.meta), references=list(message.references),
            auto_generated=message.auto_generated, needs_human=message.needs_human,
            received_at=message.received_at,
        )
        files = [NewAttachment(a.data, a.content_type, a.filename) for a in message.attachments]
        stored = await self.db.add_inbound(row, files)
        return Receipt(stored.message_id, stored.duplicate)

    async def process(self, receipt: Any, *, inline: bool = False) -> list[Any]:
        return []

    async def record_delivery(self, channel: str, provider_id: str, status: str) -> None:
        return None

    def close(self) -> None:
        self.db.close()


def _durable_intake(data_dir: Path) -> tuple[str, Any, Any]:
    """(level, intake, closer): the most real intake that can be built right now."""
    try:
        from bot.core import Core

        core = Core.open(database_url=f"sqlite:///{data_dir / 'bot.sqlite3'}", data_dir=data_dir)
        return "bot", core.intake, core.close
    except Exception as exc:  # noqa: BLE001 - the bench says which level it measured
        print(f"bot intake unavailable ({type(exc).__name__}); trying storage.Store", file=sys.stderr)
    try:
        store = StoreIntake(data_dir)
        return "store", store, store.close
    except Exception as exc:  # noqa: BLE001
        print(f"storage.Store unavailable ({type(exc).__name__}); using the sqlite stand-in",
              file=sys.stderr)
    standin = SqliteStandInIntake(data_dir / "standin.sqlite3")
    return "standin", standin, standin.close


async def _measure() -> list[dict[str, Any]]:
    from channels.mail import MailChannel

    null_server, null_port = await _null_server()
    baselines: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    # On the project's disk (not a tmpfs), so fsync costs what it costs in production.
    with tempfile.TemporaryDirectory(prefix="mail-bench-", dir=Path.cwd()) as directory:
        level, intake, close = _durable_intake(Path(directory))
        try:
            async with AsyncExitStack() as stack:
                channel = MailChannel(intake=intake, host="127.0.0.1", port=0, domains=(DOMAIN,))
                await channel.start()
                stack.push_async_callback(channel.stop)
                for _ in range(ROUNDS):
                    baselines.append(await _drive(null_port))
                    results.append(await _drive(channel.port))
        finally:
            close()
            null_server.close()
            await null_server.wait_closed()
    baseline = {key: statistics.median(item[key] for item in baselines) for key in ("rate", "p99_ms")}
    durable = {key: statistics.median(item[key] for item in results) for key in ("rate", "p99_ms")}
    print(f"rounds: null {[round(b['rate']) for b in baselines]}, "
          f"durable {[round(r['rate']) for r in results]} messages/s", file=sys.stderr)
    target = "≥ 0.6 × null handler"
    return [
        {
            "name": f"durable SMTP intake messages/s ({level}, {CLIENTS} clients)",
            "value": round(durable["rate"], 1),
            "baseline_name": "aiosmtpd null handler messages/s",
            "baseline": round(baseline["rate"], 1),
            "unit": "messages/s",
            "target": target,
        },
        {
            "name": f"durable p99 end-of-data→250 ({level})",
            "value": round(durable["p99_ms"], 2),
            "baseline_name": "null handler p99 end-of-data→250",
            "baseline": round(baseline["p99_ms"], 2),
            "unit": "ms",
            "target": "reported (every 250 fsync'd)",
        },
    ]


def run() -> list[dict[str, Any]]:
    return asyncio.run(_measure())


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--client":
        _client_main(int(sys.argv[2]))
    else:
        os.environ.setdefault("PYTHONUNBUFFERED", "1")
        print(json.dumps(run(), ensure_ascii=False, indent=2))
