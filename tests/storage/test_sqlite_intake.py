"""The SQLite intake writer stores exactly what SQLAlchemy would, and fails whole batches."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storage import NewAttachment, NewMessage, Store, StoreUnavailable

NOW = datetime(2026, 11, 22, 2, 0, 0, 123456, tzinfo=UTC)


def message(external_id: str, **changes: Any) -> NewMessage:
    values: dict[str, Any] = {
        "channel": "mail", "external_id": external_id, "content_hash": "sha256:ab",
        "sender": "mailto:zhang@example.cn", "sender_name": "张三", "subject": "关于噪音",
        "text": "工地夜间施工\u3000噪音扰民", "raw": b"\x00\xff raw bytes \r\n",
        "meta": {"parse": "deferred", "to": "xf@localhost", "中文": "值", "n": 3},
        "references": ["<a@b>", "<c@d>"], "auto_generated": True, "needs_human": False,
        "received_at": NOW,
    }
    values.update(changes)
    return NewMessage(**values)


def stored_rows(store: Store) -> dict[str, dict[str, Any]]:
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM message")).mappings().all()
    return {row["external_id"]: {k: v for k, v in row.items() if k not in ("id", "external_id")}
            for row in rows}


@pytest.fixture
def store(sqlite_url: str, tmp_path: Path):
    opened = Store.open(sqlite_url, tmp_path / "data")
    yield opened
    opened.close()


async def test_fast_path_rows_equal_the_sqlalchemy_rows(store: Store) -> None:
    # A batch with an attachment goes through SQLAlchemy; one without, through the writer.
    via_sqlalchemy = await store.add_inbound(message("<orm@x>"), [NewAttachment(b"f", "text/plain", "a.txt")])
    via_writer = await store.add_inbound(message("<fast@x>"))
    assert via_sqlalchemy.message_id != via_writer.message_id
    rows = stored_rows(store)
    assert rows["<fast@x>"] == rows["<orm@x>"]
    # and the ORM reads it back as it was given (aware times are stored as UTC wall time)
    from storage import Message

    read = store.read_sync(lambda s: s.get(Message, via_writer.message_id))
    assert read is not None
    assert (read.meta, read.references, read.raw) == (message("x").meta, ["<a@b>", "<c@d>"],
                                                       b"\x00\xff raw bytes \r\n")
    assert read.received_at.replace(tzinfo=UTC) == NOW
    assert read.auto_generated is True and read.processed_at is None


async def test_concurrent_arrivals_share_a_batch_and_duplicates_collapse(store: Store) -> None:
    arrivals = [message(f"<m{i % 5}@x>", received_at=NOW + timedelta(seconds=i)) for i in range(20)]
    receipts = await asyncio.gather(*(store.add_inbound(m) for m in arrivals))
    first_of = {}
    for m, receipt in zip(arrivals, receipts, strict=True):
        first_of.setdefault(m.external_id, receipt.message_id)
        assert receipt.message_id == first_of[m.external_id]
    assert sum(not r.duplicate for r in receipts) == 5
    assert len(stored_rows(store)) == 5
    # a later retry of a stored key is a duplicate of the same row
    again = await store.add_inbound(message("<m3@x>"))
    assert again.duplicate and again.message_id == first_of["<m3@x>"]


async def test_a_failed_batch_stores_nothing_and_the_next_one_works(store: Store) -> None:
    # A trigger that refuses one row makes the whole multi-row INSERT fail.
    with store.engine.begin() as connection:
        connection.execute(text(
            "CREATE TRIGGER refuse BEFORE INSERT ON message WHEN NEW.external_id = '<bad@x>' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    with pytest.raises(StoreUnavailable):
        await store.add_inbound(message("<bad@x>"))
    # Group commit retries a failed batch one by one: the good letter still gets in.
    good, bad = await asyncio.gather(store.add_inbound(message("<good@x>")),
                                     store.add_inbound(message("<bad@x>")),
                                     return_exceptions=True)
    assert isinstance(bad, StoreUnavailable) and not isinstance(good, BaseException)
    assert list(stored_rows(store)) == ["<good@x>"]
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


async def test_writer_connection_keeps_the_engines_durability_pragmas(store: Store) -> None:
    await store.add_inbound(message("<p@x>"))
    writer = store._sqlite_intake
    assert writer is not None and isinstance(writer._connection, sqlite3.Connection)
    assert writer._connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert writer._connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def row_ids(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return dict(connection.execute(text("SELECT external_id, id FROM message")).all())


async def test_receipts_name_the_rows_actually_stored(store: Store) -> None:
    # The writer takes ids from lastrowid/rowcount, not from RETURNING: check them against
    # the table, with rows written by another connection in between and the top row deleted.
    first = await asyncio.gather(*(store.add_inbound(message(f"<a{i}@x>")) for i in range(4)))
    with store.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO message (direction, channel, external_id, content_hash, sender,"
            " sender_name, subject, text, raw, meta, \"references\", auto_generated,"
            " needs_human, received_at) VALUES ('out', 'mail', '<other@x>', '', 's', '', '',"
            " '', x'', '{}', '[]', 0, 0, '2026-11-22 02:00:00')"))
        connection.execute(text("DELETE FROM message WHERE external_id = '<other@x>'"))
    # a batch mixing new keys, a stored key and a repeat inside the batch (the slow path)
    batch = [message("<b0@x>"), message("<a2@x>"), message("<b1@x>"), message("<b0@x>")]
    second = await asyncio.gather(*(store.add_inbound(m) for m in batch))
    ids = row_ids(store)
    assert [r.message_id for r in first] == [ids[f"<a{i}@x>"] for i in range(4)]
    assert [(r.message_id, r.duplicate) for r in second] == [
        (ids["<b0@x>"], False), (ids["<a2@x>"], True), (ids["<b1@x>"], False), (ids["<b0@x>"], True)]
    # a batch of stored keys only inserts nothing and names the old rows
    third = await asyncio.gather(*(store.add_inbound(message(f"<a{i}@x>")) for i in (1, 3)))
    assert [(r.message_id, r.duplicate) for r in third] == [(ids["<a1@x>"], True), (ids["<a3@x>"], True)]
    assert len(row_ids(store)) == 6
