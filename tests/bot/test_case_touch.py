"""``bot.cases.touch``: a message filed under a case stores the case's ``updated_at`` as the
unit of work would have — by one driver-level UPDATE when nothing else of the case waits for
a flush, and with the rest (the queue ranks' mapper events included) when something does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, inspect
from sqlmodel import Session

from bot import cases
from storage import Case, Store
from tests.stored import a_case

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=3)


def _a_case(store: Store) -> int:
    with Session(store.engine) as session:
        case_id = a_case(session, NOW, "tel:+8613800000001")
        session.commit()
        return case_id


@contextmanager
def _updates(store: Store) -> Iterator[list[str]]:
    """The UPDATE statements run while inside."""
    seen: list[str] = []

    def note(*args: object) -> None:
        if str(args[2]).startswith("UPDATE"):
            seen.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def test_a_clean_case_is_touched_at_once(store: Store) -> None:
    case_id = _a_case(store)
    with Session(store.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        ranks = (case.queue_rank, case.triage_rank)
        with _updates(store) as seen:
            cases.touch(session, case, LATER)
            assert len(seen) == 1 and "updated_at" in seen[0]  # written now, alone
            assert not inspect(case).modified  # nothing left for a flush to write
            session.commit()
            assert len(seen) == 1
    with Session(store.engine) as session:
        stored = session.get(Case, case_id)
        assert stored is not None
        assert stored.updated_at == LATER
        assert (stored.queue_rank, stored.triage_rank) == ranks


def test_a_case_with_pending_changes_is_written_with_them(store: Store) -> None:
    case_id = _a_case(store)
    with Session(store.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.awaiting = "phone"
        with _updates(store) as seen:
            cases.touch(session, case, LATER)
            assert seen == []  # left to the unit of work
            session.commit()
            assert len(seen) == 1
    with Session(store.engine) as session:
        stored = session.get(Case, case_id)
        assert stored is not None
        assert (stored.updated_at, stored.awaiting) == (LATER, "phone")


def test_stale_ranks_are_kept_right_as_the_mapper_events_would(store: Store) -> None:
    """A case whose stored ranks are not what the mapper events compute takes the unit of
    work, whose events write them right along with ``updated_at``."""
    case_id = _a_case(store)
    with Session(store.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        expected = (case.queue_rank, case.triage_rank)
        session.connection().exec_driver_sql(
            "UPDATE \"case\" SET queue_rank = 7, triage_rank = NULL WHERE id = "
            f"{int(case_id)}")
        session.commit()
    with Session(store.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.queue_rank == 7
        cases.touch(session, case, LATER)
        session.commit()
    with Session(store.engine) as session:
        stored = session.get(Case, case_id)
        assert stored is not None
        assert stored.updated_at == LATER
        assert (stored.queue_rank, stored.triage_rank) == expected
