"""Supervision never holds the writer for long (issue 21): a letter that arrives over SMTP
during a supervision round gets its 250 within a second, on a store of a few thousand due
cases, where a round that raised everything in one transaction kept it waiting for seconds.

The bound is generous on purpose (the round's whole run is several times longer): this is
not a speed test, it proves the round yields to arrivals. The round is checked to be still
running when the 250 comes, so the letter really arrived during it.
"""

from __future__ import annotations

import asyncio
import smtplib
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select

from bench.supervision_bench import fill
from bot.core import Core
from bot.escalation_rules import EscalationRules
from bot.supervision import Supervisor, candidates_statement
from channels.mail import MailChannel
from nlp import Analyzer
from storage import Message, Store
from tests.conftest import FIXED_NOW

T = TypeVar("T")
DUE_CASES = 3000
BUREAU = "xinfang@xinfang.example.cn"
LETTER = (f"From: citizen@example.com\r\nTo: {BUREAU}\r\nSubject: =?utf-8?b?5Zmq6Z+z?=\r\n"
          "Message-ID: <during-round@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n"
          "\r\n").encode() + "小区门口的路灯坏了两个月，晚上很黑，请尽快修理。\r\n".encode()


def send_letter(port: int) -> float:
    """Send the letter; the seconds until the server's 250."""
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=30) as client:
        started = time.monotonic()
        client.sendmail("citizen@example.com", [BUREAU], LETTER)
        return time.monotonic() - started


async def test_a_letter_arriving_during_a_round_gets_its_250_within_a_second(
        tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    core = Core.open(database_url=f"sqlite:///{tmp_path / 'cases.sqlite3'}",
                     data_dir=tmp_path / "data", secret_key="test-key", fixed_now=FIXED_NOW,
                     analyzer=analyzer)
    channel = MailChannel(intake=core.intake, host="127.0.0.1", port=0,
                          domains=("xinfang.example.cn",))
    try:
        fill(core, DUE_CASES, FIXED_NOW)
        await channel.start()
        writing = asyncio.Event()
        store_write = core.store.write

        async def write(work: Callable[[Session], T]) -> T:
            writing.set()  # the round hands the writer its first job
            return await store_write(work)

        monkeypatch.setattr(core.store, "write", write)
        round_ = asyncio.create_task(Supervisor(core.store, core.clock, core.deadlines).run_once())
        await writing.wait()
        await asyncio.sleep(0.05)  # the job is on the writer thread now
        waited = await asyncio.to_thread(send_letter, channel.port)
        assert waited < 1.0, f"the letter waited {waited:.2f} s for its 250"
        assert not round_.done(), "the round ended before the letter: make the store larger"
        counts = await round_
        assert counts["raised"] == DUE_CASES
        stored = await core.store.read(lambda s: s.exec(select(func.count()).select_from(
            Message).where(Message.external_id == "<during-round@example.com>")).one())
        assert stored == 1
    finally:
        await channel.stop()
        core.close()


def test_the_round_selects_by_index_ranges_never_a_scan_of_cases(tmp_path: Path) -> None:
    """What keeps the selection cheap at a million cases: one (status, due date) range per
    status group (EXPLAIN QUERY PLAN on a store built by the migrations)."""
    store = Store.open(f"sqlite:///{tmp_path / 'plan.sqlite3'}", tmp_path / "data")
    try:
        statement = candidates_statement(date(2026, 12, 1), EscalationRules.load())
        sql = str(statement.compile(store.engine, compile_kwargs={"literal_binds": True}))
        with Session(store.engine) as session:
            plan = [str(row[-1]) for row in session.connection().execute(
                text("EXPLAIN QUERY PLAN " + sql))]
        assert not [step for step in plan if step.startswith("SCAN case")], plan
        assert {step.split(" USING INDEX ")[1].split(" ")[0] for step in plan
                if step.startswith("SEARCH case")} == {
            "ix_case_status_acceptance_due", "ix_case_status_handling_due",
            "ix_case_status_review_due"}
    finally:
        store.close()
