"""Intake during a supervision round (issue 21): a letter's end-of-data → 250 while the round
raises thousands of overdue cases, against the same letters with no round running.

A round used to be one write transaction of ~25 s on SQLite's single writer, and a letter sent
meanwhile waited for all of it. The round now commits in small chunks that yield to arrivals
(``bot/supervision.py``); this measures what a citizen's mail client sees while it runs, on a
store of ``DUE_CASES`` accepted, overdue, never-raised cases (each one the round must raise).
``tests/scale/test_supervision_yields.py`` proves the yield; this reports the distribution.

    python -m bench.supervision_bench            # prints the figures as JSON
"""

from __future__ import annotations

import asyncio
import json
import os
import smtplib
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

DUE_CASES = int(os.environ.get("XINFANG_BENCH_DUE_CASES", "20000"))
QUIET_LETTERS = 40
#: Letters are sent one after another, as long as the round runs (at most this many).
MAX_LETTERS_DURING = 400
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
BUREAU = "xinfang@xinfang.example.cn"


def _letter(n: int) -> bytes:
    return (f"From: citizen{n}@example.com\r\nTo: {BUREAU}\r\nSubject: =?utf-8?b?5Zmq6Z+z?=\r\n"
            f"Message-ID: <bench-{n}@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "\r\n").encode() + f"小区门口的路灯坏了两个月，晚上很黑，请尽快修理。第{n}封\r\n".encode()


def fill(core: Any, count: int, now: datetime = NOW) -> None:
    """``count`` accepted cases, all overdue and never raised, in one bulk insert (also the
    store of ``tests/scale/test_supervision_yields.py``)."""
    from sqlalchemy import insert
    from sqlmodel import Session

    from storage import Case, Identity, Petitioner

    overdue = date(2026, 11, 1)
    with Session(core.store.engine) as session:
        person = Petitioner(name="", created_at=now)
        session.add(person)
        session.flush()
        identity = Identity(urn="mailto:many@example.com", channel="mail",
                            petitioner_id=person.id or 0, created_at=now)
        session.add(identity)
        session.flush()
        session.execute(insert(Case), [
            {"number": f"XF2026-{100000 + index:06d}", "code_hash": "x",
             "petitioner_id": person.id, "identity_id": identity.id, "channel": "mail",
             "status": "accepted", "unit": "市住房和城乡建设委员会", "route_reasons": [],
             "accused_units": [], "hearing_pauses": [], "received_at": now,
             "acceptance_due": overdue - timedelta(days=45), "handling_due": overdue,
             "created_at": now, "updated_at": now}
            for index in range(count)])
        session.commit()


def _send(port: int, n: int) -> float:
    """One letter; milliseconds from the end of its data to the server's 250."""
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=60) as client:
        client.ehlo()
        client.mail(f"citizen{n}@example.com")
        client.rcpt(BUREAU)
        started = time.perf_counter()
        client.data(_letter(n))
        return (time.perf_counter() - started) * 1000


def _p50_p99(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


async def _measure(folder: Path) -> dict[str, Any]:
    from bot.core import Core
    from bot.supervision import Supervisor
    from channels.mail import MailChannel

    core = Core.open(database_url=f"sqlite:///{folder / 'supervision.sqlite3'}",
                     data_dir=folder / "data", secret_key="bench", fixed_now=NOW)
    channel = MailChannel(intake=core.intake, host="127.0.0.1", port=0,
                          domains=("xinfang.example.cn",))
    try:
        fill(core, DUE_CASES)
        await channel.start()
        quiet = [await asyncio.to_thread(_send, channel.port, n) for n in range(QUIET_LETTERS)]
        supervisor = Supervisor(core.store, core.clock, core.deadlines)
        started = time.perf_counter()
        round_ = asyncio.create_task(supervisor.run_once())
        during: list[float] = []
        n = QUIET_LETTERS
        while not round_.done() and len(during) < MAX_LETTERS_DURING:
            during.append(await asyncio.to_thread(_send, channel.port, n))
            n += 1
        counts = await round_
        return {"quiet": quiet, "during": during, "raised": counts.get("raised", 0),
                "round_s": time.perf_counter() - started}
    finally:
        await channel.stop()
        core.close()


def figures() -> list[dict[str, Any]]:
    from bench.durable import scratch_dir

    with scratch_dir("supervision-") as folder:
        got = asyncio.run(_measure(folder))
    quiet50, quiet99 = _p50_p99(got["quiet"])
    if not got["during"]:
        raise RuntimeError("the round ended before the first letter: raise DUE_CASES")
    during50, during99 = _p50_p99(got["during"])
    return [{
        "name": f"letter end-of-data → 250 p99 during a supervision round ({DUE_CASES:,} due cases)",
        "value": round(during99, 1), "unit": "ms",
        "baseline_name": "the same letters, no round running, p99 ms",
        "baseline": round(quiet99, 1), "target": "< 1,000 ms (issue 21: no stall)",
        "max_value": 1000.0, "p50_ms": round(during50, 1), "baseline_p50_ms": round(quiet50, 1),
        "max_ms": round(max(got["during"]), 1), "letters_during": len(got["during"]),
        "round_seconds": round(got["round_s"], 1), "raised": got["raised"],
    }]


def run() -> list[dict[str, Any]]:
    """The runner's entry point (``python run.py bench supervision``)."""
    return figures()


if __name__ == "__main__":
    for figure in figures():
        print(json.dumps(figure, ensure_ascii=False))
