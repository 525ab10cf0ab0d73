"""Database engines with the durability settings the adapter contract relies on.

SQLite runs in WAL mode with ``synchronous=FULL``: a committed transaction has been fsync'd,
so a channel may acknowledge as soon as the commit returns. PostgreSQL is durable by default
(``fsync=on``, ``synchronous_commit=on``); we use the same SQLModel code on both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA foreign_keys=ON",
)
#: FULL: every commit is fsync'd. NORMAL (WAL) syncs only at checkpoints and can lose the last
#: commits on power loss: it exists so tests can prove they notice the difference.
SYNCHRONOUS_MODES = ("FULL", "EXTRA", "NORMAL")


def normalize_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, synchronous: str = "FULL") -> Engine:
    if synchronous.upper() not in SYNCHRONOUS_MODES:
        raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_MODES)}")
    url = normalize_url(url)
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in (*SQLITE_PRAGMAS, f"PRAGMA synchronous={synchronous.upper()}"):
            cursor.execute(pragma)
        cursor.close()

    return engine
