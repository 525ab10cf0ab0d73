"""Shared fixtures: databases (SQLite always, PostgreSQL when configured), a fixed clock, the bot.

Tests are offline by construction: any attempt to open a socket to a non-loopback address
fails loudly (see ``_no_internet``).
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, text

if TYPE_CHECKING:
    from storage import Store

# python-telegram-bot 22 warns inside its own RetryAfter unless told to use timedelta; with
# warnings as errors that warning would replace the exception under test.
os.environ.setdefault("PTB_TIMEDELTA", "true")

pytest_plugins = [
    "tests.privacy_guard",  # DEBUG logs everywhere; a canary in them fails
    "tests.xdist_postgres",  # under `make test`'s workers, PostgreSQL tests take turns
]
POSTGRES_URL = os.environ.get("XINFANG_TEST_POSTGRES_URL", "")
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FIXED_NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 10:00 in Beijing


@pytest.fixture(autouse=True, scope="session")
def _channel_catalogue() -> None:
    """What ``run.py`` does before any command: tell bot/ the channels' capabilities (short
    form, buttons, display names), from the composition root's one list."""
    from bot import catalogue
    from run import CHANNELS

    catalogue.install(kind.capabilities for kind in CHANNELS)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("127."):
                raise RuntimeError(f"test tried to reach the network: {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def postgres_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database: a SQLite file, or a private schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.sqlite3'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL: set XINFANG_TEST_POSTGRES_URL (CI sets it) to run this on it")
    with private_schema("t_") as url:
        yield url


@contextmanager
def private_schema(prefix: str) -> Iterator[str]:
    """A new empty schema on the PostgreSQL server, dropped afterwards; yields its URL."""
    schema = prefix + secrets.token_hex(6)
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield postgres_schema_url(POSTGRES_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[Store]:
    """An opened store on each database, closed after the test."""
    from storage import Store  # (here: the environment above is set before the app's imports)

    opened = Store.open(database_url, tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cases.sqlite3'}"


@pytest.fixture(scope="session")
def analyzer() -> Any:
    """One classifier for the whole run: loading jieba's dictionary is the slow part."""
    from nlp import Analyzer

    return Analyzer.load()
