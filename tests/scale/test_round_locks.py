"""One process at a time for rounds that read then write (督办 supervision, migrations)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import Session

from bot import supervision
from bot.deadlines import DeadlineEngine
from bot.workdays import WorkCalendar
from storage import Store
from storage.engine import normalize_url
from storage.locks import try_round_lock
from storage.migrate import current_revision
from tests.conftest import FIXED_NOW


def test_a_round_lock_is_held_by_one_transaction_at_a_time(database_url: str,
                                                           tmp_path: Path) -> None:
    store = Store.open(database_url, tmp_path / "data")
    other = create_engine(normalize_url(database_url))
    try:
        with Session(store.engine) as first, Session(other) as second:
            assert try_round_lock(first, "supervise")
            postgres = store.engine.dialect.name == "postgresql"
            # SQLite has a single writer anyway: the lock is always granted there.
            assert try_round_lock(second, "supervise") is not postgres
            assert try_round_lock(second, "another round")
            first.commit()  # the commit releases it
            assert try_round_lock(second, "supervise")
    finally:
        other.dispose()
        store.close()


def test_a_supervision_round_skips_while_another_process_runs_one(database_url: str,
                                                                 tmp_path: Path) -> None:
    store = Store.open(database_url, tmp_path / "data")
    other = create_engine(normalize_url(database_url))
    try:
        deadlines = DeadlineEngine(WorkCalendar())
        with Session(other) as running:
            assert try_round_lock(running, "supervise")  # another process mid-round
            counts = store.write_sync(lambda s: supervision.supervise(s, deadlines, FIXED_NOW))
        if store.engine.dialect.name == "postgresql":
            assert counts == {"raised": 0, "overdue": 0, "near_due": 0, "skipped": 1}
        else:
            assert "skipped" not in counts
    finally:
        other.dispose()
        store.close()


def test_migrating_twice_is_a_no_op_behind_the_lock(database_url: str, tmp_path: Path) -> None:
    first = Store.open(database_url, tmp_path / "a")
    second = Store.open(database_url, tmp_path / "b")  # migrates again: finds head
    try:
        assert current_revision(first.engine) == current_revision(second.engine) == "0017_matterkey_name_thing"
    finally:
        second.close()
        first.close()
