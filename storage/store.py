"""The case store: a database engine, a file store, and group commit for intake.

Domain code (``bot/``) runs plain functions of a :class:`sqlmodel.Session` through
:meth:`Store.write` / :meth:`Store.read`; each call is one transaction in a worker thread, so
the event loop never blocks on the database.

Intake is the hot path. :meth:`Store.add_inbound` queues the message; a single writer takes
everything that queued up while the previous commit was running and stores it in ONE
transaction, so concurrent arrivals share one fsync (group commit). Each caller's future
resolves only after that commit returned, which on SQLite with ``synchronous=FULL`` means the
message is on disk.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, event, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from storage.engine import is_sqlite, make_engine
from storage.errors import StoreUnavailable, WriteConflict
from storage.files import FileStore
from storage.migrate import upgrade
from storage.models import Attachment, Message
from storage.prepared import connection_of, on_driver
from storage.sqlite_intake import SqliteIntakeWriter
from storage.writer import INTAKE, WORK, PriorityWriter

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The next case serial, by "is SQLite" (built once: the decide path asks per new case).
#: Plain SQL for the driver: no parameters, so nothing for SQLAlchemy to compile or convert.
_NEXT_SERIAL = {False: "SELECT nextval('case_number_seq')",
                True: "UPDATE casecounter SET value = value + 1 WHERE id = 1 RETURNING value"}
#: SQLite: the counter as a transaction leaves it, written before its commit (see
#: :meth:`Store.next_case_serial`).
_SET_SERIAL = "UPDATE casecounter SET value = ? WHERE id = 1"
#: ``session.info`` key of the serials a SQLite transaction took: (transaction, the last
#: serial handed out, whether the counter row is behind it).
_SERIALS = "storage.store.serials"
#: Loop iterations a group commit waits for arrivals already under way (see ``_flush``).
_JOIN_ITERATIONS = 2
#: The longest a commit waits for the rest of a wave of arrivals (see ``_join_wave``).
MAX_WAVE_WAIT = 0.010


@dataclass(frozen=True, slots=True)
class NewMessage:
    """An inbound message to store: a plain slotted record, cheap to build on the hot path
    (constructing an ORM row per arrival cost more than the insert itself)."""

    channel: str
    external_id: str
    sender: str
    received_at: datetime
    raw: bytes
    text: str = ""
    content_hash: str = ""
    sender_name: str = ""
    subject: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    auto_generated: bool = False
    needs_human: bool = False

    def row(self) -> dict[str, Any]:
        return {
            "direction": "in", "channel": self.channel, "external_id": self.external_id,
            "content_hash": self.content_hash, "sender": self.sender,
            "sender_name": self.sender_name, "subject": self.subject, "text": self.text,
            "raw": self.raw, "meta": self.meta, "references": self.references,
            "auto_generated": self.auto_generated, "needs_human": self.needs_human,
            "received_at": self.received_at, "processed_at": None, "case_id": None,
        }


@dataclass(frozen=True, slots=True)
class NewAttachment:
    data: bytes
    content_type: str
    original_name: str


@dataclass(frozen=True, slots=True)
class Stored:
    message_id: int
    duplicate: bool


@dataclass(slots=True)
class _Pending:
    message: NewMessage
    attachments: Sequence[NewAttachment]
    future: asyncio.Future[Stored]


class Store:
    """One database plus its attachment files. Create with :meth:`open`; close when done."""

    def __init__(self, engine: Engine, files: FileStore) -> None:
        self.engine = engine
        self.files = files
        self.is_sqlite = engine.dialect.name == "sqlite"
        # SQLite has one writer at a time anyway; a single writer thread avoids lock waits.
        # PostgreSQL takes concurrent writers, so writes share the general pool there.
        # One writer thread; arrivals jump the queue of the bot's own writes (storage/writer.py).
        self._writer = PriorityWriter()
        self._readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="store-reader")
        self._pending: list[_Pending] = []
        dialect_insert = sqlite.insert if self.is_sqlite else postgresql.insert
        table = Message.__table__  # type: ignore[attr-defined]
        self._insert_message = (
            dialect_insert(table)
            .on_conflict_do_nothing(index_elements=["channel", "external_id", "content_hash"])
            .returning(table.c.id, table.c.channel, table.c.external_id, table.c.content_hash)
        )
        self._flusher: asyncio.Task[None] | None = None
        # The last group commit: how many arrivals it stored and how long it took; a commit
        # waits for a wave of that size (``_join_wave``), resolved by ``add_inbound``.
        self._last_batch = 0
        self._last_commit = 0.0
        self._wave: asyncio.Future[None] | None = None
        # SQLite: batches without attachments skip SQLAlchemy (see storage/sqlite_intake.py).
        self._sqlite_intake = SqliteIntakeWriter(engine) if self.is_sqlite else None

    @classmethod
    def open(cls, url: str, data_dir: Path, *, migrate: bool = True,
             synchronous: str = "FULL") -> Store:
        """Open (and by default migrate) the database at ``url``; files go under ``data_dir``."""
        data_dir.mkdir(parents=True, exist_ok=True)
        if is_sqlite(url) and url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(url, synchronous=synchronous)
        try:
            if migrate:
                upgrade(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreUnavailable(f"cannot open the database: {type(exc).__name__}") from exc
        return cls(engine, FileStore(data_dir / "attachments"))

    def close(self) -> None:
        if self._sqlite_intake is not None:
            self._writer.submit(INTAKE, self._sqlite_intake.close).result()
        self._writer.shutdown()
        self._readers.shutdown(wait=True)
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------

    def write_sync(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one committed transaction, in the calling thread."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                result = work(session)
                session.commit()
                return result
        except IntegrityError as exc:
            raise WriteConflict(f"write conflict: {type(exc).__name__}") from exc
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"write failed: {type(exc).__name__}") from exc
        except OSError as exc:
            raise StoreUnavailable(f"write failed: {exc.strerror}") from exc

    def read_sync(self, work: Callable[[Session], T]) -> T:
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                return work(session)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(f"read failed: {type(exc).__name__}") from exc

    async def write(self, work: Callable[[Session], T]) -> T:
        if not self.is_sqlite:
            return await asyncio.get_running_loop().run_in_executor(
                self._readers, self.write_sync, work)
        return await asyncio.wrap_future(self._writer.submit(WORK, self.write_sync, work))

    async def read(self, work: Callable[[Session], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._readers, self.read_sync, work)

    # -- intake with group commit ---------------------------------------------------------

    async def add_inbound(
        self, message: NewMessage, attachments: Sequence[NewAttachment] = ()
    ) -> Stored:
        """Store an inbound message durably; idempotent on (channel, external_id, content_hash).

        Raises :class:`StoreUnavailable` when the store could not take it.
        """
        loop = asyncio.get_running_loop()
        pending = _Pending(message, attachments, loop.create_future())
        self._pending.append(pending)
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush())
        elif (self._wave is not None and not self._wave.done()
              and len(self._pending) >= self._last_batch):
            self._wave.set_result(None)  # the wave is complete: commit it now
        return await pending.future

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            # Let arrivals already on their way join this commit: bytes read in the same
            # loop iteration as the first letter reach add_inbound two iterations later (the
            # protocol's task wakes, then the channel's). Costs no wait when nothing is ready,
            # and halves the number of small commits under load (each a wake-up and an fsync).
            for _ in range(_JOIN_ITERATIONS):
                await asyncio.sleep(0)
            await self._join_wave(loop)
            batch, self._pending = self._pending, []
            started = loop.time()
            try:
                outcomes = await asyncio.wrap_future(
                    self._writer.submit(INTAKE, self._write_batch, batch))
            except BaseException as exc:  # noqa: BLE001 - every waiter must hear about it
                outcomes = [exc] * len(batch)
            self._last_batch, self._last_commit = len(batch), loop.time() - started
            for pending, outcome in zip(batch, outcomes, strict=True):
                if pending.future.done():
                    continue
                if isinstance(outcome, Stored):
                    pending.future.set_result(outcome)
                else:
                    pending.future.set_exception(_as_unavailable(outcome))

    async def _join_wave(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wait, at most as long as the last commit took, for as many arrivals as it stored.

        Acknowledging a commit of N arrivals sends N answers, and busy clients (Twilio, a
        mail relay, the benchmark's connections) send the next N back within about the time
        it took to write those answers. Without this wait the first one back is committed
        alone and the other N - 1 queue behind it: two commits, two fsyncs and two hand-offs
        to the writer thread where one would do (measured on the SMS bench: batches of 1 and
        15 alternating). Waiting ``w`` for the rest costs the first arrival ``w`` and saves
        every other one a whole commit; bounded by the last commit's duration, it never
        costs more than the commit it saves. No wait after a commit of one (a quiet line),
        and none past ``MAX_WAVE_WAIT`` (a slow disk or a long queue on the writer).
        """
        wanted = self._last_batch
        wait = min(self._last_commit, MAX_WAVE_WAIT)
        if wanted < 2 or len(self._pending) >= wanted or wait <= 0:
            return
        self._wave = wave = loop.create_future()
        timer = loop.call_later(wait, _resolve, wave)
        try:
            await wave
        finally:
            timer.cancel()
            self._wave = None

    def _write_batch(self, batch: list[_Pending]) -> list[Stored | BaseException]:
        try:
            return list(self._insert_all(batch))
        except Exception as exc:  # noqa: BLE001
            if len(batch) == 1:
                return [exc]
            log.warning("group commit of %d messages failed (%s); storing one by one",
                        len(batch), type(exc).__name__)
        # One bad message must not cost the others their place: retry each on its own.
        outcomes: list[Stored | BaseException] = []
        for item in batch:
            try:
                outcomes.extend(self._insert_all([item]))
            except Exception as exc:  # noqa: BLE001
                outcomes.append(exc)
        return outcomes

    def _insert_all(self, batch: list[_Pending]) -> list[Stored]:
        # Files first: a row never names a file that is not on disk.
        digests = [[self.files.put(a.data) for a in item.attachments] for item in batch]
        rows = [item.message.row() for item in batch]
        keys = [(r["channel"], r["external_id"], r["content_hash"]) for r in rows]
        if self._sqlite_intake is not None and not any(digests):
            new_ids, existing = self._sqlite_intake.insert(rows)
            return _receipts(keys, new_ids, existing)
        with self.engine.begin() as connection:
            # One statement for the whole batch (executemany with RETURNING): building a
            # statement per row cost more than the fsync it shares.
            inserted = connection.execute(self._insert_message, rows).all()
            new_ids = {(row.channel, row.external_id, row.content_hash): row.id for row in inserted}
            missing = [key for key in set(keys) if key not in new_ids]
            existing = dict(self._existing_ids(connection, missing)) if missing else {}
            results: list[Stored] = []
            fresh: set[tuple[str, str, str]] = set()
            attachment_rows = []
            for key, item, item_digests, values in zip(keys, batch, digests, rows, strict=True):
                if key in new_ids and key not in fresh:
                    fresh.add(key)
                    message_id = new_ids[key]
                    results.append(Stored(message_id, duplicate=False))
                    attachment_rows += [
                        {"message_id": message_id, "case_id": None, "sha256": digest,
                         "size": len(a.data), "content_type": a.content_type,
                         "original_name": a.original_name, "created_at": values["received_at"]}
                        for a, digest in zip(item.attachments, item_digests, strict=True)
                    ]
                else:
                    results.append(Stored(new_ids.get(key) or existing[key], duplicate=True))
            if attachment_rows:
                connection.execute(insert(Attachment), attachment_rows)
        return results

    def _existing_ids(self, connection: Connection,
                      keys: list[tuple[str, str, str]]) -> list[tuple[tuple[str, str, str], int]]:
        found = []
        for channel, external_id, content_hash in keys:
            row = connection.execute(
                select(Message.id).where(  # type: ignore[call-overload]
                    Message.channel == channel,
                    Message.external_id == external_id,
                    Message.content_hash == content_hash,
                )
            ).scalar_one()
            found.append(((channel, external_id, content_hash), int(row)))
        return found

    # -- case numbers ---------------------------------------------------------------------

    def next_case_serial(self, session: Session) -> int:
        """A unique serial for a new case number, inside the caller's transaction."""
        if self.is_sqlite:
            # The first serial of a transaction is the counter's own UPDATE; it holds SQLite's
            # one write lock until the commit, so no other connection can take a serial
            # before then, and the transaction's next ones are counted on from it in memory,
            # the counter row set to the last before the commit (_write_serials): one
            # statement a batch instead of one a new case (issue 17). The serials are those
            # the UPDATE per case gave; a rollback drops the count with the transaction.
            transaction = session.get_transaction()
            held = session.info.get(_SERIALS)
            if held is not None and held[0] is transaction and transaction is not None \
                    and transaction.is_active:
                serial = int(held[1]) + 1
                session.info[_SERIALS] = (transaction, serial, True)
                return serial
        # One atomic statement: a read-then-write would lose updates between connections.
        # On the driver's cursor (storage.prepared.on_driver): SQLAlchemy's execution of this
        # one statement cost six times SQLite's (issue 17).
        returned = on_driver(connection_of(session), _NEXT_SERIAL[self.is_sqlite], None)
        assert returned is not None and len(returned) == 1  # one value, by RETURNING/SELECT
        serial = int(returned[0][0])
        if self.is_sqlite:
            # Held with the transaction object itself: compared by identity, never by an id.
            session.info[_SERIALS] = (session.get_transaction(), serial, False)
        return serial


@event.listens_for(OrmSession, "before_commit")  # every session class, sqlmodel's too
def _write_serials(session: OrmSession) -> None:
    """Set the case counter to the last serial the committing SQLite transaction counted on
    in memory (:meth:`Store.next_case_serial`), in that transaction."""
    held = session.info.get(_SERIALS)
    if held is None:
        return
    del session.info[_SERIALS]
    if held[2] and held[0] is session.get_transaction():
        on_driver(connection_of(session), _SET_SERIAL, (held[1],))


def _receipts(keys: list[tuple[str, str, str]], new_ids: dict[tuple[str, str, str], int],
              existing: dict[tuple[str, str, str], int]) -> list[Stored]:
    """One receipt per arrival: the first arrival of a new key stored it, the rest are
    duplicates of that row (or of the row stored earlier)."""
    results: list[Stored] = []
    fresh: set[tuple[str, str, str]] = set()
    for key in keys:
        if key in new_ids and key not in fresh:
            fresh.add(key)
            results.append(Stored(new_ids[key], duplicate=False))
        else:
            results.append(Stored(new_ids.get(key) or existing[key], duplicate=True))
    return results


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def _as_unavailable(error: BaseException) -> BaseException:
    if isinstance(error, StoreUnavailable):
        return error
    if isinstance(error, (SQLAlchemyError, sqlite3.Error, OSError)):
        unavailable = StoreUnavailable(f"store failed: {type(error).__name__}")
        unavailable.__cause__ = error
        return unavailable
    return error
