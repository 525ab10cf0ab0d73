"""Group commit and waves of arrivals: the clients a commit answered come back together, and
their next messages share one commit instead of the first one back being committed alone.

The commit is made slow on purpose (the writer sleeps), so "together" means within a few loop
iterations against a commit that took a fifth of a second: no test here times anything."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import storage.store
from storage import NewMessage, Store

NOW = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
WAVE = 16
SLOW_COMMIT = 0.2  # seconds the writer sleeps in every commit


def message(external_id: str) -> NewMessage:
    return NewMessage(channel="sms", external_id=external_id, sender="tel:+8613800000000",
                      text="噪音扰民", raw=b"x", received_at=NOW)


@pytest.fixture
def slow_store(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[tuple[Store, list[int]]]:
    """A store whose commits take SLOW_COMMIT longer, recording the size of each."""
    monkeypatch.setattr(storage.store, "MAX_WAVE_WAIT", 5.0)
    opened = Store.open(database_url, tmp_path / "data")
    sizes: list[int] = []
    write_batch = opened._write_batch

    def slow(batch: list[storage.store._Pending]) -> list[storage.store.Stored | BaseException]:
        sizes.append(len(batch))
        time.sleep(SLOW_COMMIT)
        return write_batch(batch)

    monkeypatch.setattr(opened, "_write_batch", slow)
    yield opened, sizes
    opened.close()


async def _arrive_after(store: Store, iterations: int, external_id: str) -> int:
    for _ in range(iterations):
        await asyncio.sleep(0)
    return (await store.add_inbound(message(external_id))).message_id


async def test_a_wave_spread_over_loop_iterations_shares_one_commit(
        slow_store: tuple[Store, list[int]]) -> None:
    store, sizes = slow_store
    await asyncio.gather(*(store.add_inbound(message(f"A{i}")) for i in range(WAVE)))
    # The same clients again, one per loop iteration: without the wave the first two or
    # three would be committed alone and the rest after them.
    ids = await asyncio.gather(*(_arrive_after(store, i, f"B{i}") for i in range(WAVE)))
    assert sizes == [WAVE, WAVE]
    assert len(set(ids)) == WAVE


async def test_a_lone_arrival_after_a_wave_is_committed_without_the_rest(
        slow_store: tuple[Store, list[int]]) -> None:
    store, sizes = slow_store
    await asyncio.gather(*(store.add_inbound(message(f"A{i}")) for i in range(WAVE)))
    stored = await store.add_inbound(message("alone"))  # waits at most one commit's time
    assert not stored.duplicate
    # The arrival after it finds a commit of one before it: it does not wait for a wave.
    await store.add_inbound(message("alone too"))
    assert sizes == [WAVE, 1, 1]
