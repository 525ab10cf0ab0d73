"""The SQLite intake insert, one transaction per group commit, on the driver connection.

Storing a batch of arrivals is the one statement every channel waits on before it may
acknowledge. Through SQLAlchemy each batch also paid for a pool checkout, the connection's
reset on return, transaction objects and ``insertmanyvalues`` bookkeeping: on SQLite that was
about half of the writer thread's CPU per batch, and the writer shares the GIL with the event
loop that answers clients. This writer keeps one driver connection (opened through the engine,
so it has the engine's pragmas: WAL, ``synchronous``, busy timeout) for the store's single
writer thread and runs ``BEGIN IMMEDIATE; INSERT … RETURNING; COMMIT`` on it directly.

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

_RETURNING = " ON CONFLICT (channel, external_id, content_hash) DO NOTHING" \
             " RETURNING id, channel, external_id, content_hash"
#: How long an arrival waits for a database another process holds (the engine waits 10 s).
INTAKE_BUSY_TIMEOUT_MS = 5_000
#: SQLite's default limit on bound variables is 32,766 (SQLite ≥ 3.32); stay well inside it.
_MAX_VARIABLES = 30_000


class SqliteIntakeWriter:
    """Inserts inbound message rows (dicts of :meth:`NewMessage.row`) in one transaction."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        table = Message.__table__  # type: ignore[attr-defined]
        self._columns = [column.name for column in table.columns if column.name != "id"]
        converters: list[Callable[[Any], Any] | None] = [
            table.c[name].type._cached_bind_processor(engine.dialect) for name in self._columns
        ]
        self._converters = converters
        self._head = (
            "INSERT INTO message (" + ", ".join(f'"{name}"' for name in self._columns) + ") VALUES "
        )
        self._one_row = "(" + ", ".join("?" * len(self._columns)) + ")"
        self._rows_per_statement = max(1, _MAX_VARIABLES // len(self._columns))
        self._connection: sqlite3.Connection | None = None

    def insert(self, rows: Sequence[dict[str, Any]]) -> tuple[dict[Key, int], dict[Key, int]]:
        """Insert ``rows``; returns (ids of the rows inserted now, ids of keys already stored).

        Raises ``sqlite3.Error`` (or ``OSError``) when nothing was stored: the transaction is
        rolled back and the connection dropped, so the next batch starts on a fresh one.
        """
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            inserted: dict[Key, int] = {}
            for start in range(0, len(rows), self._rows_per_statement):
                chunk = rows[start : start + self._rows_per_statement]
                sql = self._head + ", ".join([self._one_row] * len(chunk)) + _RETURNING
                for id_, channel, external_id, content_hash in connection.execute(
                    sql, self._values(chunk)
                ):
                    inserted[(channel, external_id, content_hash)] = id_
            keys = {(r["channel"], r["external_id"], r["content_hash"]) for r in rows}
            existing = {key: self._existing_id(connection, key) for key in keys - inserted.keys()}
            connection.execute("COMMIT")
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
    def _existing_id(connection: sqlite3.Connection, key: Key) -> int:
        row = connection.execute(
            "SELECT id FROM message WHERE channel = ? AND external_id = ? AND content_hash = ?",
            key,
        ).fetchone()
        if row is None:  # cannot happen inside one BEGIN IMMEDIATE: the conflict was seen
            raise sqlite3.IntegrityError("conflicting message row not found")
        return int(row[0])

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
