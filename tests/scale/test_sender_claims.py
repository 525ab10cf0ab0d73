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


def _stored(store: Store, said: list[tuple[str, int]]) -> list[int]:
    """Store each (sender, n) in turn; their ids, in arrival order."""
    async def arrive() -> list[int]:
        ids = []
        for sender, n in said:
            message = InboundMessage(channel="sms", sender=sender, text=f"第{n}条",
                                     external_id=f"{sender}-{n}", received_at=FIXED_NOW,
                                     raw=b"x")
            ids.append((await store.add_inbound(to_row(message))).message_id)
        return ids

    return asyncio.run(arrive())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    if not POSTGRES_URL:
        pytest.skip("claims between processes need PostgreSQL: set XINFANG_TEST_POSTGRES_URL")
    with private_schema("claim_") as url:
        opened = Store.open(url, tmp_path / "data")
        try:
            yield opened
        finally:
            opened.close()


def test_a_chunk_claim_leaves_held_senders_and_later_messages_out(store: Store) -> None:
    quick, held, waiting = _senders(3)
    waiting_first, quick_first, held_first, waiting_later, quick_later = _stored(
        store, [(waiting, 1), (quick, 1), (held, 1), (waiting, 2), (quick, 2)])
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


def test_a_window_claim_takes_at_most_so_many_and_frees_the_rest(store: Store) -> None:
    first, second, third = _senders(3)
    ids = _stored(store, [(first, 1), (second, 1), (first, 2), (third, 1)])
    claim = SenderClaim.take_next(store.engine, ids, at_most=2)
    try:
        assert claim.messages == ids[:2]
        assert claim.senders == {first, second}
        assert claim.passed == 0  # the rest is not passed over: the next window has it
        rest = SenderClaim.take_next(store.engine, ids)
        try:  # `first`'s later message waits for the claim; `third` was let go
            assert rest.messages == [ids[3]]
        finally:
            rest.release()
    finally:
        claim.release()


def test_on_sqlite_a_claim_is_everything_asked_for() -> None:
    made = create_engine("sqlite://")
    try:
        claim = SenderClaim.take(made, ["tel:+1", "tel:+2", "tel:+1"])
        assert claim.senders == {"tel:+1", "tel:+2"}
        claim.release()
    finally:
        made.dispose()
