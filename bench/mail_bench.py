"""Mail intake throughput: the durable SMTP intake against aiosmtpd with a null handler.

The servers run in this process on one asyncio loop, as in ``run.py serve``: a stock aiosmtpd
``SMTP`` whose ``handle_DATA`` answers ``250`` and keeps nothing (the baseline), and the real
:class:`channels.mail.MailChannel` on the real intake (:mod:`bench.durable`), whose ``250``
waits for the letter to be committed and fsync'd. The load comes from a separate client
process (so its CPU does not skew either side): ``CLIENTS`` concurrent SMTP sessions, each
sending letters back to back (MAIL, RCPT, DATA; a new Message-ID each time, a 2 KB GB2312
base64 letter). A phase warms up for ``WARMUP`` seconds and is measured for ``DURATION``
seconds; the client records the time from writing the final ``.`` to reading the ``250``.
Null and durable phases alternate ``ROUNDS`` times and the medians are reported, with this
process's CPU time per letter (what the machine's other load hardly changes). Afterwards
the store's rows are counted: every ``250`` the durable side gave must be a stored letter.

Target (issue #3): durable ≥ 0.6 × null-handler messages/s, every 250 fsync'd; p99 reported.
Run alone: ``python -m bench.mail_bench`` (prints the figures as JSON).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import stack
from bench.durable import count_inbound, filesystem, open_core, scratch_dir

CLIENTS = 16
WARMUP = 1.0
DURATION = 4.0
ROUNDS = 3
REPLY_TIMEOUT = 20.0
DOMAIN = "xinfang.example.cn"
BODY = ("您好，我是A市A3区居民，小区旁边工地夜间施工噪音很大，已持续两个月，"
        "多次向施工单位反映无果，严重影响居民休息，请尽快处理。") * 8
ROOT = Path(__file__).resolve().parents[1]


def letter(client: int, number: int) -> bytes:
    text = f"{BODY}\n编号 {client}-{number}\n".encode("gb18030")
    body = base64.encodebytes(text).decode().replace("\n", "\r\n")
    sender = base64.b64encode("居民".encode("gbk")).decode()
    subject = base64.b64encode("工地夜间施工噪音".encode("gbk")).decode()
    return (
        f"From: =?gb2312?B?{sender}?= <c{client}@example.com>\r\n"
        f"To: xinfang@{DOMAIN}\r\n"
        f"Subject: =?gb2312?B?{subject}?=\r\n"
        f"Message-ID: <bench-{client}-{number}-{time.monotonic_ns()}@example.com>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{body}"
    ).encode("ascii")


# -- the load generator (runs in a child process) ------------------------------------------


async def _reply(reader: asyncio.StreamReader) -> bytes:
    while True:
        line = await asyncio.wait_for(reader.readline(), REPLY_TIMEOUT)
        if not line:
            raise ConnectionError("server closed")
        if line[3:4] != b"-":
            return line


async def _client(port: int, client: int, measure_from: float, stop_at: float,
                  latencies: list[float], acknowledged: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await _reply(reader)
    writer.write(b"EHLO bench.client\r\n")
    await _reply(reader)
    envelope = (b"MAIL FROM:<c%d@example.com>" % client,
                b"RCPT TO:<xinfang@" + DOMAIN.encode() + b">", b"DATA")
    number = 0
    while time.monotonic() < stop_at:
        number += 1
        data = letter(client, number)
        for command in envelope:
            writer.write(command + b"\r\n")
            await _reply(reader)
        writer.write(data + b".\r\n")
        sent = time.monotonic()
        answer = await _reply(reader)
        done = time.monotonic()
        if not answer.startswith(b"250"):
            raise RuntimeError(f"server answered {answer!r}")
        acknowledged[0] += 1
        if measure_from <= done < stop_at:
            latencies.append(done - sent)
    writer.write(b"QUIT\r\n")
    await _reply(reader)
    writer.close()


async def _load(port: int) -> dict[str, float]:
    start = time.monotonic()
    measure_from, stop_at = start + WARMUP, start + WARMUP + DURATION
    latencies: list[float] = []
    acknowledged = [0]
    await asyncio.gather(*(_client(port, n, measure_from, stop_at, latencies, acknowledged)
                           for n in range(CLIENTS)))
    latencies.sort()
    count = len(latencies)
    return {
        "rate": count / DURATION,
        "p50_ms": latencies[count // 2] * 1000 if count else float("nan"),
        "p99_ms": latencies[min(count - 1, int(count * 0.99))] * 1000 if count else float("nan"),
        "acknowledged": acknowledged[0],
    }


async def _drive(port: int) -> dict[str, float]:
    """One phase: a client process against ``port``; its result, with this process's CPU
    (the server side: loop and store threads) per acknowledged letter."""
    cpu_before = time.process_time()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.mail_bench", "--client", str(port),
        stdout=subprocess.PIPE, cwd=ROOT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), WARMUP + DURATION + 60)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    if process.returncode != 0:
        raise RuntimeError("the mail load generator failed")
    result: dict[str, float] = json.loads(output)
    cpu = time.process_time() - cpu_before
    result["cpu_ms"] = cpu * 1000 / result["acknowledged"] if result["acknowledged"] else 0.0
    return result


# -- the servers ---------------------------------------------------------------------------


class NullHandler:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 OK"


async def _rounds(data_dir: Path) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Alternate null and durable phases; (null results, durable results)."""
    from aiosmtpd.smtp import SMTP

    from channels.mail import MailChannel

    loop = asyncio.get_running_loop()
    null_server = await loop.create_server(
        lambda: SMTP(NullHandler(), hostname="bench.server", loop=loop), "127.0.0.1", 0
    )
    null_port = int(null_server.sockets[0].getsockname()[1])
    null: list[dict[str, float]] = []
    durable: list[dict[str, float]] = []
    with open_core(data_dir) as core:
        channel = MailChannel(intake=core.intake, host="127.0.0.1", port=0, domains=(DOMAIN,))
        await channel.start()
        try:
            for _ in range(ROUNDS):
                null.append(await _drive(null_port))
                durable.append(await _drive(channel.port))
        finally:
            await channel.stop()
            null_server.close()
            await null_server.wait_closed()
    return null, durable


def run() -> list[dict[str, Any]]:
    before = os.sched_getaffinity(0)
    # This process is the server (both SMTP servers, one loop): pinned before the store's
    # threads start, and the busy loop beside it for every round of both sides (bench/stack.py).
    stack.pin("server")
    try:
        with scratch_dir("mail-bench-") as data_dir, stack.busy():
            null, durable = stack.run_server(_rounds(data_dir))
            stored = count_inbound(data_dir, "mail")
            disk = filesystem(data_dir)
    finally:
        os.sched_setaffinity(0, before)

    def median(results: list[dict[str, float]], key: str) -> float:
        return round(float(statistics.median(r[key] for r in results)), 3)

    return [
        {
            "name": f"durable SMTP intake messages/s ({CLIENTS} clients)",
            "value": median(durable, "rate"),
            "baseline_name": "aiosmtpd null handler messages/s",
            "baseline": median(null, "rate"),
            "unit": "messages/s",
            "target": "≥ 0.6 × null handler",
            "min_ratio": 0.6,
            "rounds": [round(r["rate"]) for r in durable],
            "baseline_rounds": [round(r["rate"]) for r in null],
            "stored": stored,
            "acknowledged": sum(int(r["acknowledged"]) for r in durable),
            "filesystem": disk,
            "round_ratios": [round(d["rate"] / n["rate"], 3) if n["rate"] else None
                             for n, d in zip(null, durable, strict=True)],
            "server_stack": stack.loop_name(),
            "machine_load": stack.load_described(),
            "cpu_ms_per_letter": median(durable, "cpu_ms"),
            "baseline_cpu_ms_per_letter": median(null, "cpu_ms"),
        },
        {
            "name": "durable p99 end-of-data→250",
            "value": median(durable, "p99_ms"),
            "baseline_name": "null handler p99 end-of-data→250",
            "baseline": median(null, "p99_ms"),
            "unit": "ms",
            "target": "reported (every 250 fsync'd)",
            "p50_ms": median(durable, "p50_ms"),
            "baseline_p50_ms": median(null, "p50_ms"),
        },
    ]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--client":
        stack.pin("client")
        print(json.dumps(asyncio.run(_load(int(sys.argv[2])))), flush=True)
    else:
        print(json.dumps(run(), ensure_ascii=False, indent=2))
