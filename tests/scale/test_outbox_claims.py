"""Outbox claims between processes, step by step on PostgreSQL (what the two-server test relies on).

Each claim runs in its own engine (a connection pool, as a second ``serve`` process has). The
steps are ordered by hand with open transactions, so no timing is measured: a claim that
waited for another's lock instead of skipping would not return within its bounded wait.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from bot.clock import Clock
from bot.codes import CodeHasher
from bot.core import Core
from bot.outbox import LEASE, OutboxWorker
from channels.base import InboundMessage
from storage import Outbox, Store
from tests.conftest import FIXED_NOW, POSTGRES_URL, private_schema

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="claims across connections need PostgreSQL: set XINFANG_TEST_POSTGRES_URL "
           "(CI sets it)",
)
BOUND = 10.0  # seconds a claim may take before we call it blocked


@pytest.fixture
def schema_url() -> Iterator[str]:
    with private_schema("claims_") as url:
        yield url


def worker(store: Store, batch: int = 50) -> OutboxWorker:
    # Only the channel names matter to a claim.
    return OutboxWorker(store, {"sms": None}, Clock(FIXED_NOW),  # type: ignore[dict-item]
                        batch=batch, hasher=CodeHasher(b"test"))


def queue(store: Store, count: int) -> None:
    def add(session: Session) -> None:
        for n in range(count):
            session.add(Outbox(channel="sms", recipient=f"tel:+86138{n:08d}", text=f"回复 {n}",
                               next_attempt_at=FIXED_NOW, created_at=FIXED_NOW))

    store.write_sync(add)


def test_two_processes_claim_disjoint_rows_without_waiting_and_a_dead_claim_returns(
    schema_url: str, tmp_path: Path,
) -> None:
    first = Store.open(schema_url, tmp_path / "a")
    second = Store.open(schema_url, tmp_path / "b", migrate=False)
    try:
        queue(first, 10)
        # The executor is left last: a claim blocked on the lock ends when ``holding`` does.
        with ThreadPoolExecutor(1) as other, \
                Session(first.engine, expire_on_commit=False) as holding:
            # The first process claims four rows and has not committed yet.
            held = {row.id for row in worker(first, batch=4)._claim(holding, FIXED_NOW)}
            holding.flush()
            # The second skips the locked rows instead of waiting for them.
            taken = other.submit(second.write_sync,
                                 lambda s: [r.id for r in worker(second)._claim(s, FIXED_NOW)])
            rest = set(taken.result(timeout=BOUND))
            assert len(held) == 4 and len(rest) == 6 and not held & rest
            # The first process dies before committing: its claim was never made.
            holding.rollback()
        again = second.write_sync(lambda s: {r.id for r in worker(second)._claim(s, FIXED_NOW)})
        assert again == held
        # Claimed and then abandoned (a crash between claim and send): within the lease
        # nobody takes them, after it the survivor does.
        within = FIXED_NOW + LEASE - timedelta(seconds=1)
        assert second.write_sync(lambda s: worker(second)._claim(s, within)) == []
        after = FIXED_NOW + LEASE + timedelta(seconds=1)
        retaken = second.write_sync(lambda s: {r.id for r in worker(second)._claim(s, after)})
        assert retaken == held | rest
    finally:
        first.close()
        second.close()


async def test_inline_reply_never_takes_over_a_row_an_outbox_worker_is_claiming(
    schema_url: str, tmp_path: Path, analyzer: Any,
) -> None:
    """An SMS retry answered inline (TwiML) while another process's outbox worker is claiming
    the replies the background processor queued: the reply goes out once, by one of them."""
    core = Core.open(database_url=schema_url, data_dir=tmp_path, secret_key="k",
                     fixed_now=FIXED_NOW, analyzer=analyzer)
    try:
        message = InboundMessage(channel="sms", sender="tel:+8613800000001",
                                 text="小区旁边工地夜间施工噪音很大，已持续两个月，请尽快处理。",
                                 external_id="SM" + secrets.token_hex(16), received_at=FIXED_NOW,
                                 raw=b"Body=...")
        receipt = await core.intake.store(message)
        assert await core.processor.drain() == 1  # the background path: replies pending
        with Session(core.store.engine, expire_on_commit=False) as claiming:
            claimed = worker(core.store)._claim(claiming, FIXED_NOW)
            claiming.flush()
            assert claimed
            claimer = claiming.execute(text("SELECT pg_backend_pid()")).scalar_one()
            inline = asyncio.create_task(core.intake.process(receipt, inline=True))
            await _until_blocked_by(core.store, int(claimer))
            claiming.commit()
        replies = await asyncio.wait_for(inline, BOUND)
        assert replies == []  # the worker that claimed them sends them
        statuses = core.store.read_sync(lambda s: [r.status for r in s.exec(
            select(Outbox).where(Outbox.message_id == receipt.message_id))])
        assert statuses == ["sending"] * len(claimed)
    finally:
        core.close()


async def _until_blocked_by(store: Store, pid: int) -> None:
    """Wait (bounded) until some session waits for a lock held by backend ``pid``."""
    query = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
    deadline = asyncio.get_running_loop().time() + BOUND
    while store.read_sync(lambda s: s.execute(query, {"pid": pid}).scalar_one()) == 0:
        assert asyncio.get_running_loop().time() < deadline, "the inline reply never waited"
        await asyncio.sleep(0.02)
