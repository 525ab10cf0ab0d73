"""The store on SQLite and PostgreSQL: durability settings, idempotent intake, group commit,
unique case serials under concurrent writers, content-addressed files, migrations."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from storage import Attachment, Message, NewAttachment, NewMessage, Store, StoreUnavailable
from storage.errors import WriteConflict
from storage.migrate import current_revision

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def message(external_id: str, *, content_hash: str = "", text_: str = "噪音扰民") -> NewMessage:
    return NewMessage(channel="sms", external_id=external_id, content_hash=content_hash,
                   sender="tel:+8613800000000", text=text_, raw=text_.encode(), received_at=NOW)


def test_schema_is_at_the_latest_migration(store: Store) -> None:
    assert current_revision(store.engine) == "0017_matterkey_name_thing"


def test_sqlite_commits_are_fsynced_in_wal_mode(sqlite_url: str, tmp_path: Path) -> None:
    opened = Store.open(sqlite_url, tmp_path)
    try:
        with opened.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    finally:
        opened.close()


async def test_second_store_of_same_external_id_returns_the_first(store: Store) -> None:
    first = await store.add_inbound(message("SM1"))
    second = await store.add_inbound(message("SM1", text_="changed"))
    assert not first.duplicate and second.duplicate
    assert second.message_id == first.message_id
    rows = store.read_sync(lambda s: list(s.exec(select(Message))))
    assert [row.text for row in rows] == ["噪音扰民"]


async def test_same_id_with_different_content_hash_is_two_messages(store: Store) -> None:
    first = await store.add_inbound(message("<a@b>", content_hash="h1"))
    second = await store.add_inbound(message("<a@b>", content_hash="h2"))
    assert first.message_id != second.message_id and not second.duplicate


async def test_concurrent_arrivals_share_commits_and_collapse_duplicates(store: Store) -> None:
    results = await asyncio.gather(
        *(store.add_inbound(message(f"SM{i % 40}")) for i in range(200))
    )
    assert len({r.message_id for r in results}) == 40
    assert sum(not r.duplicate for r in results) == 40
    count = store.read_sync(lambda s: s.execute(text("SELECT count(*) FROM message")).scalar())
    assert count == 40


async def test_raw_bytes_are_kept_exactly(store: Store) -> None:
    raw = b"Subject: =?gb2312?B?xOO6ww==?=\r\n\r\n\xc4\xe3\xba\xc3\x00\xff"
    stored = await store.add_inbound(replace(message("<raw@x>"), raw=raw))
    kept = store.read_sync(lambda s: s.get(Message, stored.message_id))
    assert kept is not None and kept.raw == raw


async def test_attachments_are_content_addressed_files(store: Store) -> None:
    photo = NewAttachment(b"\x89PNG fake photo", "image/png", "../../etc/passwd")
    first = await store.add_inbound(message("MM1"), [photo])
    await store.add_inbound(message("MM2"), [photo])
    rows = store.read_sync(lambda s: list(s.exec(select(Attachment))))
    assert len(rows) == 2 and rows[0].sha256 == rows[1].sha256
    assert rows[0].message_id == first.message_id
    path = store.files.path_for(rows[0].sha256)
    assert path.read_bytes() == photo.data
    assert path.name == rows[0].sha256  # the sender's file name never names a file


async def test_one_bad_message_does_not_fail_the_batch(store: Store) -> None:
    bad = replace(message("SMbad"), meta={"unserializable": object()})
    good = [store.add_inbound(message(f"SMgood{i}")) for i in range(5)]
    outcomes = await asyncio.gather(store.add_inbound(bad), *good, return_exceptions=True)
    assert isinstance(outcomes[0], Exception)
    assert all(not isinstance(o, Exception) for o in outcomes[1:])


def test_case_serials_are_unique_under_concurrent_writers(database_url: str,
                                                          tmp_path: Path) -> None:
    opened = Store.open(database_url, tmp_path / "data")
    serials: list[int] = []
    lock = threading.Lock()

    def take(_: int) -> None:
        for _ in range(25):
            value = opened.write_sync(lambda s: opened.next_case_serial(s))
            with lock:
                serials.append(value)

    threads = [threading.Thread(target=take, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    opened.close()
    assert len(serials) == 100 and len(set(serials)) == 100


def test_a_sqlite_transaction_updates_the_case_counter_once_for_its_serials(
        tmp_path: Path) -> None:
    """Serials a transaction takes after its first are counted on from it, the counter row
    set to the last before the commit; a rolled-back transaction gives its serials again."""
    opened = Store.open(f"sqlite:///{tmp_path / 'serials.sqlite3'}", tmp_path / "data")
    seen: list[str] = []

    def watch(connection: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if statement.startswith("UPDATE casecounter SET "):
            seen.append(statement.removeprefix("UPDATE casecounter SET "))

    event.listen(opened.engine, "before_cursor_execute", watch)
    try:
        first = opened.write_sync(lambda s: [opened.next_case_serial(s) for _ in range(4)])
        assert seen == ["value = value + 1 WHERE id = 1 RETURNING value",
                        "value = ? WHERE id = 1"]
        seen.clear()
        alone = opened.write_sync(opened.next_case_serial)
        assert seen == ["value = value + 1 WHERE id = 1 RETURNING value"]

        def taken_then_failed(session: Any) -> None:
            taken.extend(opened.next_case_serial(session) for _ in range(3))
            raise WriteConflict("rolled back")

        taken: list[int] = []
        with pytest.raises(WriteConflict):
            opened.write_sync(taken_then_failed)
        again = opened.write_sync(lambda s: [opened.next_case_serial(s) for _ in range(2)])
        stored = opened.read_sync(
            lambda s: s.connection().execute(text("SELECT value FROM casecounter")).scalar())
    finally:
        opened.close()
    assert first == [1, 2, 3, 4] and alone == 5
    assert taken == [6, 7, 8] and again == [6, 7] and stored == 7


async def test_unwritable_database_raises_store_unavailable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    opened = Store.open(f"sqlite:///{tmp_path / 'ro.sqlite3'}", data)
    opened.close()
    readonly = Store.open(f"sqlite:///file:{tmp_path / 'ro.sqlite3'}?mode=ro&uri=true", data,
                          migrate=False)
    try:
        with pytest.raises(StoreUnavailable):
            await readonly.add_inbound(message("SMro"))
    finally:
        readonly.close()


def test_migrations_match_the_models(store: Store) -> None:
    """A model changed without a migration fails here, on SQLite and on PostgreSQL."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_upgrading_a_database_that_holds_cases(database_url: str, tmp_path: Path) -> None:
    """Each migration runs on a database with rows in it, not only on an empty one."""
    from storage.engine import make_engine
    from storage.migrate import upgrade

    engine = make_engine(database_url)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO petitioner (name, contact, locale, created_at) "
            "VALUES ('', '', 'zh', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO identity (urn, channel, petitioner_id, display_name, opted_out, blocked,"
            " created_at) VALUES ('tel:+86138', 'sms', 1, '', false, false, CURRENT_TIMESTAMP)"))
        connection.execute(text(
            'INSERT INTO "case" (number, code_hash, petitioner_id, identity_id, channel, status,'
            " subject, category, category_confidence, unit, awaiting, needs_human, decision,"
            " answer, received_at, created_at, updated_at) VALUES ('XF2026-000001', 'h', 1, 1,"
            " 'sms', 'registered', '', '', 0, '', '', false, '', '', CURRENT_TIMESTAMP,"
            " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(text('SELECT route_level, emergency FROM "case"')).one()
    engine.dispose()
    assert (row.route_level, bool(row.emergency)) == ("", False)
