"""The SQLite intake insert, one transaction per group commit, on the driver connection.

Storing a batch of arrivals is the one statement every channel waits on before it may
acknowledge. Through SQLAlchemy each batch also paid for a pool checkout, the connection's
reset on return, transaction objects and ``insertmanyvalues`` bookkeeping: on SQLite that was
about half of the writer thread's CPU per batch, and the writer shares the GIL with the event
loop that answers clients. This writer keeps one driver connection (opened through the engine,
so it has the engine's pragmas: WAL, ``synchronous``, busy timeout) for the store's single
writer thread and stores each batch with one statement on it directly (see the class).

Values are converted with the bind processors of the model's own column types, so a row
stored here is byte-for-byte the row SQLAlchemy would have stored (tests compare the two).
Used only from the store's writer thread; not thread-safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Engine

from storage.models import Message

Key = tuple[str, str, str]  # (channel, external_id, content_hash): the dedupe key

#: How long an arrival waits for a database another process holds (the engine waits 10 s).
INTAKE_BUSY_TIMEOUT_MS = 5_000
#: SQLite's default limit on bound variables is 32,766 (SQLite ≥ 3.32); stay well inside it.
_MAX_VARIABLES = 30_000
_SKIP_STORED = " ON CONFLICT (channel, external_id, content_hash) DO NOTHING"


def _key(row: dict[str, Any]) -> Key:
    return row["channel"], row["external_id"], row["content_hash"]


class SqliteIntakeWriter:
    """Inserts inbound message rows (dicts of :meth:`NewMessage.row`), one statement a batch.

    Every ``sqlite3`` call releases the GIL and must take it back from the event loop thread
    that answers clients; on a busy loop each hand-over costs both threads a sleep and a
    wake-up, and those hand-overs, not the bytes written, were most of this thread's cost.
    So a batch is ONE call: a multi-row ``INSERT … ON CONFLICT DO NOTHING`` in autocommit
    mode, which takes the write lock, inserts, commits and fsyncs inside a single
    ``sqlite3_step`` (no ``RETURNING``: it steps once per row). SQLite numbers each new row
    ``max(rowid) + 1`` (https://www.sqlite.org/autoinc.html) while the statement holds the
    write lock, so the rows it inserted carry the ids ``lastrowid - rowcount + 1 …
    lastrowid`` in order. Only when some key was already stored (a retry) is a ``SELECT``
    needed to tell the old rows from the new.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        table = Message.__table__  # type: ignore[attr-defined]
        self._columns = [column.name for column in table.columns if column.name != "id"]
        self._converters: list[Callable[[Any], Any] | None] = [
            table.c[name].type._cached_bind_processor(engine.dialect) for name in self._columns
        ]
        self._head = (
            "INSERT INTO message (" + ", ".join(f'"{name}"' for name in self._columns) + ") VALUES "
        )
        self._one_row = "(" + ", ".join("?" * len(self._columns)) + ")"
        self._rows_per_statement = max(1, _MAX_VARIABLES // len(self._columns))
        self._connection: sqlite3.Connection | None = None

    def insert(self, rows: Sequence[dict[str, Any]]) -> tuple[dict[Key, int], dict[Key, int]]:
        """Insert ``rows``; returns (ids of the rows inserted now, ids of keys already stored).

        Each statement commits on its own (a batch over ``_rows_per_statement`` rows is
        several commits; every row is durable when this returns either way). Raises
        ``sqlite3.Error`` (or ``OSError``) when a statement failed: it stored nothing, and the
        connection is dropped so the next batch starts on a fresh one.
        """
        first_of: dict[Key, dict[str, Any]] = {}  # a key twice in one batch: the first wins
        for row in rows:
            first_of.setdefault(_key(row), row)
        unique = list(first_of.values())
        connection = self._connect()
        inserted: dict[Key, int] = {}
        existing: dict[Key, int] = {}
        try:
            for start in range(0, len(unique), self._rows_per_statement):
                chunk = unique[start : start + self._rows_per_statement]
                sql = self._head + ", ".join([self._one_row] * len(chunk)) + _SKIP_STORED
                cursor = connection.execute(sql, self._values(chunk))
                count, last = cursor.rowcount, cursor.lastrowid or 0
                keys = [_key(row) for row in chunk]
                if count == len(chunk):  # the common case: every key was new
                    inserted.update(zip(keys, range(last - count + 1, last + 1), strict=True))
                    continue
                first_new = last - count + 1 if count else None
                for key, id_ in self._stored_ids(connection, keys).items():
                    fresh = first_new is not None and first_new <= id_ <= last
                    (inserted if fresh else existing)[key] = id_
        except BaseException:
            self._discard()
            raise
        return inserted, existing

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _values(self, rows: Sequence[dict[str, Any]]) -> list[Any]:
        values: list[Any] = []
        append = values.append
        for row in rows:
            for name, convert in zip(self._columns, self._converters, strict=True):
                value = row[name]
                append(value if convert is None else convert(value))
        return values

    @staticmethod
    def _stored_ids(connection: sqlite3.Connection, keys: list[Key]) -> dict[Key, int]:
        """The ids of ``keys`` (all stored: each was inserted now or found in conflict)."""
        found: dict[Key, int] = {}
        for key in keys:
            row = connection.execute(
                "SELECT id FROM message WHERE channel = ? AND external_id = ? AND content_hash = ?",
                key,
            ).fetchone()
            if row is None:  # cannot happen: a key is either inserted or in conflict
                raise sqlite3.IntegrityError("conflicting message row not found")
            found[key] = int(row[0])
        return found

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            # Through the engine's pool so the engine's connect-time pragmas apply; detached
            # because this connection lives as long as the store, in the writer thread.
            pooled = self._engine.raw_connection()
            connection = pooled.driver_connection
            pooled.detach()
            if not isinstance(connection, sqlite3.Connection):
                raise TypeError("SqliteIntakeWriter needs the sqlite3 driver")
            connection.isolation_level = None  # explicit BEGIN / COMMIT only
            # A client is waiting: if another process holds the database longer than this,
            # answering "try again" (451 / 503) beats Twilio's 15 s webhook timeout.
            connection.execute(f"PRAGMA busy_timeout={INTAKE_BUSY_TIMEOUT_MS}")
            self._connection = connection
        return self._connection

    def _discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the connection is dropped below either way
        finally:
            connection.close()
