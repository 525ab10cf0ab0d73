"""Work that one process of many should do at a time: PostgreSQL advisory locks.

Several ``serve`` processes share one PostgreSQL database (docs/SCALING.md). Periodic rounds
that decide from a read and then write (督办 supervision, schema migration) must not overlap
between processes, or both would act on the same reading. A transaction-scoped advisory lock
is released by the commit, or by the server when the holder dies: nothing to clean up.
SQLite has one writer at a time already, so there the lock is always granted.
"""

from __future__ import annotations

import zlib

from sqlalchemy import Connection, text
from sqlmodel import Session


def _key(name: str) -> int:
    return zlib.crc32(f"xinfang:{name}".encode())  # stable across processes and versions


def try_round_lock(session: Session, name: str) -> bool:
    """Take the lock ``name`` until this transaction ends; False when another holds it."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    taken = session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                            {"key": _key(name)}).scalar()
    return bool(taken)


def wait_round_lock(connection: Connection, name: str) -> None:
    """Wait for the lock ``name`` and hold it until this transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _key(name)})
