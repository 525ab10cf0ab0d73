"""A processor's claim on senders before it classifies (storage.locks.SenderClaim, issue 17).

Two claims on one PostgreSQL server, as two processes would take them: the second gets only
the senders the first does not hold, a released claim frees its senders, and a claim whose
connection is closed without a release (a process that died) frees them too. A claim on a
chunk of stored messages (``take_next``) gives only the messages to decide now: not those of
a sender another holds, nor a sender's later message whose earlier one is outside the chunk.
On SQLite a claim is everything asked for (one process, nothing to share).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from bot.intake import to_row
from channels.base import InboundMessage
from storage import Store
from storage.locks import SenderClaim
from tests.conftest import FIXED_NOW, POSTGRES_URL, private_schema


@pytest.fixture
def engine() -> Iterator[Engine]:
    if not POSTGRES_URL:
        pytest.skip("claims between processes need PostgreSQL: set XINFANG_TEST_POSTGRES_URL")
    made = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        yield made
    finally:
        made.dispose()


def _senders(count: int) -> list[str]:
    # Advisory locks are server-wide: names no other test run can be using at the same time.
    tag = secrets.token_hex(6)
    return [f"tel:+claim-{tag}-{n}" for n in range(count)]


def test_a_second_claim_gets_only_the_senders_the_first_does_not_hold(engine: Engine) -> None:
    a, b, c = _senders(3)
    first = SenderClaim.take(engine, [a, b])
    try:
        second = SenderClaim.take(engine, [b, c])
        try:
            assert first.senders == {a, b}
            assert second.senders == {c}
        finally:
            second.release()
        first.release()
        third = SenderClaim.take(engine, [a, b, c])
        try:
            assert third.senders == {a, b, c}  # released: free again
        finally:
            third.release()
    finally:
        first.release()  # twice is harmless


def test_a_dead_claimants_senders_are_free_again(engine: Engine) -> None:
    (a,) = _senders(1)
    dead = SenderClaim.take(engine, [a])
    assert dead.senders == {a}
    assert dead._connection is not None
    dead._connection.invalidate()  # the process died: its connection is gone, unreleased
    after = SenderClaim.take(engine, [a])
    try:
        assert after.senders == {a}
    finally:
        after.release()


def test_a_chunk_claim_leaves_held_senders_and_later_messages_out(tmp_path: Path) -> None:
    if not POSTGRES_URL:
        pytest.skip("claims between processes need PostgreSQL: set XINFANG_TEST_POSTGRES_URL")
    quick, held, waiting = _senders(3)
    with private_schema("claim_") as url:
        store = Store.open(url, tmp_path / "data")
        try:
            async def stored(sender: str, n: int) -> int:
                said = InboundMessage(channel="sms", sender=sender, text=f"第{n}条",
                                      external_id=f"{sender}-{n}", received_at=FIXED_NOW,
                                      raw=b"x")
                return (await store.add_inbound(to_row(said))).message_id

            async def arrive() -> list[int]:
                order = [(waiting, 1), (quick, 1), (held, 1), (waiting, 2), (quick, 2)]
                return [await stored(sender, n) for sender, n in order]

            waiting_first, quick_first, held_first, waiting_later, quick_later = asyncio.run(
                arrive())
            other = SenderClaim.take(store.engine, [held])  # another processor has it
            try:
                # The chunk lacks `waiting`'s first message (another drain's chunk has it).
                chunk = [quick_first, held_first, waiting_later, quick_later]
                claim = SenderClaim.take_next(store.engine, chunk)
                try:
                    assert claim.messages == [quick_first, quick_later]
                    assert claim.passed == 2  # held's, and waiting's later one
                    assert claim.senders == {quick}  # `waiting` was not kept for nothing
                    again = SenderClaim.take_next(store.engine, [waiting_first, *chunk])
                    try:  # with its first message: `waiting`'s two, in order
                        assert again.messages == [waiting_first, waiting_later]
                    finally:
                        again.release()
                finally:
                    claim.release()
            finally:
                other.release()
        finally:
            store.close()


def test_on_sqlite_a_claim_is_everything_asked_for() -> None:
    made = create_engine("sqlite://")
    try:
        claim = SenderClaim.take(made, ["tel:+1", "tel:+2", "tel:+1"])
        assert claim.senders == {"tel:+1", "tel:+2"}
        claim.release()
    finally:
        made.dispose()
