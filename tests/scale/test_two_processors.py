"""Two processors on one PostgreSQL decide disjoint senders: nothing twice, each sender in order.

Each processor has its own ``Core`` and engine (the connection pool a second ``serve`` has);
their drains run at once, their transactions on their own threads. The same messages decided
by one processor alone, on a schema of their own, give the reference: the two must reach
exactly the same replies, message for message.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.core import Core
from channels.base import InboundMessage
from nlp import Analyzer
from storage import Message, Outbox
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW, POSTGRES_URL, private_schema

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL,
    reason="processors racing on one database need PostgreSQL: set XINFANG_TEST_POSTGRES_URL",
)
NUMBER = re.compile(r"XF\d{4}-\d{6,}")
# More senders than a claim window holds (two chunks of two): whichever processor claims
# first, the other finds senders of its own in the next window, so both take part however
# the two drains interleave (with four, one window held every sender and, on a busy
# machine, the first drain could decide the whole backlog before the second listed it).
SENDERS = 8
PER_SENDER = 4
FIRST = "{n}号楼旁边的工地每天夜里施工到凌晨，噪音很大，严重影响休息，请求有关部门依法查处。"
LATER = ("我叫王{n}", "电话 1390000{n:04d}", "补充：昨晚又施工到两点。", "查询")


@pytest.fixture
def schemas() -> Iterator[tuple[str, str]]:
    with private_schema("race_") as shared, private_schema("alone_") as alone:
        yield shared, alone


async def arrive(core: Core) -> None:
    # Interleaved as they would arrive: each sender's messages in order, senders mixed.
    for step in range(PER_SENDER):
        for n in range(SENDERS):
            text = FIRST.format(n=n) if step == 0 else LATER[step - 1].format(n=n)
            await core.intake.store(InboundMessage(
                channel="sms", sender=f"tel:+86138000005{n:02d}", text=text,
                external_id=f"SMrace{n}-{step}", received_at=FIXED_NOW, raw=b"x"))


def replies(core: Core) -> list[tuple[str, str, tuple[str, ...]]]:
    """Per inbound message (by sender and external id): its replies' stored texts, in order."""
    def read(session):  # type: ignore[no-untyped-def]
        messages = session.exec(select(Message).where(Message.direction == "in")
                                .order_by(col(Message.id))).all()
        rows = session.exec(select(Outbox).order_by(col(Outbox.id))).all()
        assert all(m.processed_at is not None for m in messages)
        # Case numbers follow the order senders were decided in, which differs between runs.
        return [(m.sender, m.external_id,
                 tuple(NUMBER.sub("XF…", r.text) for r in rows if r.message_id == m.id))
                for m in messages]

    return core.store.read_sync(read)


def order_of_decisions(core: Core) -> dict[str, list[str]]:
    """Each sender's messages in the order their first reply row was written."""
    def read(session):  # type: ignore[no-untyped-def]
        messages = {m.id: m for m in session.exec(select(Message))}
        order: dict[str, list[str]] = {}
        for row in session.exec(select(Outbox).order_by(col(Outbox.id))):
            message = messages[row.message_id]
            seen = order.setdefault(message.sender, [])
            if message.external_id not in seen:
                seen.append(message.external_id)
        return order

    return core.store.read_sync(read)


async def test_two_processors_never_decide_twice_and_keep_each_senders_order(
    schemas: tuple[str, str], tmp_path: Path, analyzer: Analyzer,
) -> None:
    shared, alone = schemas
    first = open_core(shared, tmp_path / "a", FIXED_NOW, analyzer)
    second = open_core(shared, tmp_path / "b", FIXED_NOW, analyzer)
    reference = open_core(alone, tmp_path / "c", FIXED_NOW, analyzer)
    for core in (first, second):
        core.processor.CHUNK = 2  # small batches, so both processors get work from this backlog
    try:
        await arrive(first)
        await arrive(reference)
        decided = await drain_together(first, second, rounds=20)
        assert min(decided) > 0  # both processors took part
        await reference.processor.drain()
        raced, expected = replies(first), replies(reference)
        # Decided once each: a message decided twice would have its replies twice.
        assert sorted(raced) == sorted(expected)
        assert all(texts for _, _, texts in raced)  # every message was answered
        for sender, order in order_of_decisions(first).items():
            assert order == sorted(order, key=lambda x: int(x.rsplit("-", 1)[1])), sender
    finally:
        for core in (first, second, reference):
            core.close()


async def drain_together(first: Core, second: Core, *, rounds: int) -> list[int]:
    """Both processors drain the shared backlog at once until neither finds work; how many
    messages each decided."""
    decided = [0, 0]
    for _ in range(rounds):
        a, b = await asyncio.gather(first.processor.drain(), second.processor.drain())
        decided[0] += a
        decided[1] += b
        if a == b == 0:
            break
    return decided


async def test_two_processors_on_the_recorded_mix_match_one_alone(
    schemas: tuple[str, str], tmp_path: Path, analyzer: Analyzer,
) -> None:
    """The decide bench's traffic (issue 17): new petitions with supplements and status
    questions, and senders with a case already, deciding in batches of four on two processors;
    nothing decided twice, each sender answered in order, the same replies as one alone."""
    import random

    from bench.decide_mix import interleave, scripts, warmup

    shared, alone = schemas
    first = open_core(shared, tmp_path / "a", FIXED_NOW, analyzer)
    second = open_core(shared, tmp_path / "b", FIXED_NOW, analyzer)
    reference = open_core(alone, tmp_path / "c", FIXED_NOW, analyzer)
    for core in (first, second):
        core.processor.CHUNK = 4
    arrivals = interleave(scripts(10, 6, seed=3), random.Random(11))
    assert len({said.sender for said in arrivals}) < len(arrivals)  # some sender says more

    async def store(core: Core, saids: list, prefix: str) -> None:  # type: ignore[type-arg]
        for index, said in enumerate(saids):
            await core.intake.store(InboundMessage(
                channel="sms", sender=said.sender, text=said.text,
                external_id=f"{prefix}-{index}", received_at=FIXED_NOW, raw=b"x"))

    try:
        for core in (first, reference):
            await store(core, warmup(6), "SMwarm")
            await core.processor.drain()
            await store(core, arrivals, "SMmix")
        decided = await drain_together(first, second, rounds=40)
        assert min(decided) > 0  # both processors took part
        assert sum(decided) == len(arrivals)  # each message decided once, by one of them
        await reference.processor.drain()
        raced, expected = replies(first), replies(reference)
        assert sorted(raced) == sorted(expected)
        for sender, order in order_of_decisions(first).items():
            # The warm-up's message first, then the mix's in arrival order.
            assert order == sorted(order, key=lambda x: (x.startswith("SMmix"),
                                                         int(x.rsplit("-", 1)[1]))), sender
    finally:
        for core in (first, second, reference):
            core.close()
