"""Driver-level writes (storage.prepared) store what the same Core statement stores, on
SQLite and PostgreSQL, and refuse a statement that would leave a Python-side default out;
driver-level reads read what Core reads, and driver errors are raised as Core raises them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, bindparam, event
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage import Case, CaseEvent, CaseMatter, Petitioner, Store
from storage.prepared import Prepared, PreparedQuery, connection_of, on_driver
from storage.rows import insert_row
from tests.stored import a_case

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
_EVENTS = CaseEvent.__table__  # type: ignore[attr-defined]


def test_prepared_rows_read_back_as_core_rows(store: Store) -> None:
    prepared = Prepared(_EVENTS.insert())
    counted: list[str] = []

    def count(*args: object) -> None:
        counted.append(str(args[2]))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with Session(store.engine) as session:
            case_id = a_case(session, NOW)
            rows = [{"case_id": case_id, "actor": "bot", "action": f"a{n}", "at": NOW,
                     "details": {"n": n, "words": ["噪音", "扰民"]}} for n in range(3)]
            prepared.execute(session.connection(), rows[0])  # one row
            prepared.execute(session.connection(), rows[1:])  # an executemany
            prepared.execute(session.connection(), [])  # nothing: no statement
            session.execute(_EVENTS.insert(), {**rows[0], "action": "core"})
            session.commit()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    assert sum("INSERT INTO caseevent" in sql for sql in counted) == 3  # events still see it
    with Session(store.engine) as session:
        written = list(session.exec(select(CaseEvent).order_by(col(CaseEvent.id))))
    assert [e.action for e in written] == ["a0", "a1", "a2", "core"]
    assert [e.details for e in written[:3]] == [r["details"] for r in rows]
    assert {e.at for e in written} == {NOW}  # the datetime column's own processing
    assert written[0].details == written[3].details


def test_an_update_by_bound_names(store: Store) -> None:
    cases = Case.__table__  # type: ignore[attr-defined]
    prepared = Prepared(cases.update().where(cases.c.id == bindparam("row_id"))
                        .values(needs_human=bindparam("flag"), unit=bindparam("unit")))
    with Session(store.engine) as session:
        case_id = a_case(session, NOW)
        prepared.execute(session.connection(), {"row_id": case_id, "flag": True, "unit": "区住建局"})
        session.commit()
    with Session(store.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None and case.needs_human and case.unit == "区住建局"


def test_a_python_side_default_left_out_is_refused(store: Store) -> None:
    table = Table("prepared_probe", MetaData(), Column("id", Integer, primary_key=True),
                  Column("n", Integer, default=lambda: 7))
    with Session(store.engine) as session, pytest.raises(ValueError):
        Prepared(table.insert()).execute(session.connection(), {"id": 1})


def test_a_remembered_datetime_never_stands_for_another(store: Store) -> None:
    """Datetimes are processed once per object (storage.prepared): equal-looking rows with
    other objects, and other times, still bind their own values."""
    prepared = Prepared(_EVENTS.insert())
    later = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    times = [NOW, NOW, later, NOW.replace(), later, NOW]
    with Session(store.engine) as session:
        case_id = a_case(session, NOW)
        prepared.execute(session.connection(), [
            {"case_id": case_id, "actor": "bot", "action": f"t{n}", "at": at, "details": {}}
            for n, at in enumerate(times[:4])])
        for n, at in enumerate(times[4:], start=4):
            prepared.execute(session.connection(), {"case_id": case_id, "actor": "bot",
                                                    "action": f"t{n}", "at": at, "details": {}})
        session.commit()
    with Session(store.engine) as session:
        written = list(session.exec(select(CaseEvent).order_by(col(CaseEvent.id))))
    assert [e.at for e in written] == times


def test_a_driver_error_is_raised_as_core_raises_it(store: Store) -> None:
    """A unique key taken surfaces as SQLAlchemy's IntegrityError (what ``Store.write_sync``
    turns into WriteConflict), not the driver's own exception."""
    matters = CaseMatter.__table__  # type: ignore[attr-defined]
    prepared = Prepared(matters.insert())
    with Session(store.engine) as session:
        case_id = a_case(session, NOW)
        prepared.execute(session.connection(), {"case_id": case_id, "signature": b"a"})
        with pytest.raises(IntegrityError):
            prepared.execute(session.connection(), {"case_id": case_id, "signature": b"b"})


def test_a_driver_level_query_reads_what_core_reads(store: Store) -> None:
    """A list spelled out per length (storage.prepared.PreparedQuery): the rows Core reads
    with an expanding IN, its JSON decoded and its literal LIMIT bound, a list padded to a
    power of two reading the same; the engine's cursor listeners see it."""

    def latest(count: int) -> Any:
        return (_EVENTS.select().with_only_columns(_EVENTS.c.id, _EVENTS.c.details,
                                                   _EVENTS.c.at)
                .where(_EVENTS.c.case_id.in_([bindparam(f"cases_{n}") for n in range(count)]),
                       _EVENTS.c.action == "noted")
                .order_by(_EVENTS.c.id.desc()).limit(2))

    core = (_EVENTS.select().with_only_columns(_EVENTS.c.id, _EVENTS.c.details, _EVENTS.c.at)
            .where(_EVENTS.c.case_id.in_(bindparam("cases", expanding=True)),
                   _EVENTS.c.action == "noted")
            .order_by(_EVENTS.c.id.desc()).limit(2))
    query = PreparedQuery(latest, "cases")
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(store.engine, "after_cursor_execute", note)
    with Session(store.engine) as session:
        case_id = a_case(session, NOW)
        Prepared(_EVENTS.insert()).execute(session.connection(), [
            {"case_id": case_id, "actor": "bot", "action": action, "at": NOW,
             "details": {"n": n, "words": ["噪音"]}}
            for n, action in enumerate(["noted", "other", "noted", "noted"])])
        # three values: bound as four, the last repeated (a power of two: few shapes)
        for cases in ([case_id], [case_id + 1, case_id], [case_id + 1],
                      [case_id + 1, case_id + 2, case_id]):
            driver = query.rows(session.connection(), {"cases": cases})
            expected = [tuple(row) for row in session.connection().execute(core,
                                                                           {"cases": cases})]
            assert driver == expected
        assert [row[1]["n"] for row in query.rows(session.connection(),
                                                  {"cases": [case_id]})] == [3, 2]
        with pytest.raises(ValueError):
            query.rows(session.connection(), {"cases": []})
    event.remove(store.engine, "after_cursor_execute", note)
    # five driver-level reads and the four Core ones beside them
    assert sum("caseevent" in sql and "SELECT" in sql for sql in seen) == 9


def test_outside_a_transaction_the_ordinary_path_runs(store: Store) -> None:
    """A connection with no transaction begun takes ``exec_driver_sql``, which begins one
    as Core does (the driver-level path only runs inside a transaction)."""
    with store.engine.connect() as connection:
        assert not connection.in_transaction()
        returned = on_driver(connection, "SELECT 1", None)
        assert returned == [(1,)]
        assert connection.in_transaction()


def test_remembered_none_and_flags_never_stand_for_other_values(store: Store) -> None:
    """None and the booleans are processed once per column too (storage.prepared): each
    execution still binds its own row's values, whatever the one before bound."""
    cases = Case.__table__  # type: ignore[attr-defined]
    prepared = Prepared(cases.update().where(cases.c.id == bindparam("row_id"))
                        .values(needs_human=bindparam("flag"), answered_at=bindparam("at")))
    later = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    steps = [(True, None), (False, NOW), (False, None), (True, later), (True, None)]
    with Session(store.engine) as session:
        case_id = a_case(session, NOW)
        session.commit()
    for flag, at in steps:
        with Session(store.engine) as session:
            prepared.execute(connection_of(session), {"row_id": case_id, "flag": flag, "at": at})
            session.commit()
        with Session(store.engine) as session:
            case = session.get(Case, case_id)
            assert case is not None
            assert (case.needs_human, case.answered_at) == (flag, at)


def test_an_inserted_row_is_adopted_under_the_id_it_was_stored_with(store: Store) -> None:
    """``insert_row`` takes SQLite's rowid of the new row (no RETURNING there: it doubled the
    insert of a case) and RETURNING elsewhere; either way the adopted object's id is the
    stored row's, row after row."""
    seen: list[str] = []

    def note(*args: object) -> None:
        seen.append(str(args[2]))

    with Session(store.engine) as session:
        a_case(session, NOW)  # a petitioner before them (and the mappers set up, as served)
        session.commit()
    event.listen(store.engine, "before_cursor_execute", note)
    try:
        with Session(store.engine) as session:
            made = [insert_row(session, Petitioner, {"name": f"p{n}", "created_at": NOW}).id
                    for n in range(3)]
            session.commit()
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
    inserts = [sql for sql in seen if sql.startswith("INSERT INTO petitioner")]
    assert len(inserts) == 3
    assert all(("RETURNING" in sql) == (store.engine.dialect.name != "sqlite")
               for sql in inserts)
    with Session(store.engine) as session:
        stored = {p.name: p.id for p in session.exec(select(Petitioner))}
    assert made == [stored[f"p{n}"] for n in range(3)]
    assert len(set(stored.values())) == 4


def test_a_transaction_s_connection_is_asked_once_and_never_outlives_it(store: Store) -> None:
    """``connection_of`` is the session's connection for as long as its transaction lasts;
    after a rollback or a commit the next transaction's own is used, so nothing written
    through it lands outside the session's transaction."""
    insert = Prepared(_EVENTS.insert())
    with Session(store.engine) as session:
        case_id = a_case(session, NOW)
        session.commit()

    def noted(action: str) -> dict[str, Any]:
        return {"case_id": case_id, "actor": "bot", "action": action, "at": NOW,
                "details": {}}

    with Session(store.engine) as session:
        first = connection_of(session)
        assert first is session.connection() and connection_of(session) is first
        insert.execute(connection_of(session), noted("rolled back"))
        session.rollback()
        session.exec(select(CaseEvent)).all()  # the session begins its next one itself
        insert.execute(connection_of(session), noted("kept"))
        assert connection_of(session) is session.connection()
        session.commit()
        insert.execute(connection_of(session), noted("kept too"))
        assert connection_of(session) is session.connection()
        session.commit()
    with Session(store.engine) as session:
        written = [e.action for e in session.exec(select(CaseEvent).order_by(col(CaseEvent.id)))]
    assert written == ["kept", "kept too"]


@pytest.mark.parametrize("limit", [30_000, 12])
def test_several_rows_are_stored_in_the_order_given(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                    limit: int) -> None:
    """PostgreSQL: several rows of a plain INSERT go as one ``INSERT … VALUES (…), (…)``
    (split at ``_MAX_PARAMETERS`` values: 12 is two rows of five columns a statement), ids
    following the rows' order; SQLite: an executemany. The same rows either way."""
    import storage.prepared

    monkeypatch.setattr(storage.prepared, "_MAX_PARAMETERS", limit)
    prepared = Prepared(_EVENTS.insert())
    statements: list[tuple[str, bool]] = []

    def count(_conn: Any, _cursor: Any, sql: str, _params: Any, _context: Any,
              many: bool) -> None:
        statements.append((sql, many))

    postgres = store.engine.dialect.name == "postgresql"
    event.listen(store.engine, "before_cursor_execute", count)
    try:
        with Session(store.engine) as session:
            case_id = a_case(session, NOW)
            statements.clear()
            rows = [{"case_id": case_id, "actor": "bot", "action": f"a{n} (%s) %(x)s",
                     "at": NOW, "details": {"n": n, "text": "（噪音）%d"}} for n in range(5)]
            prepared.execute(session.connection(), rows)
            session.commit()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    if postgres:
        # one statement, or three of at most two rows each under the small limit
        assert [sql.count("), (") + 1 for sql, _ in statements] == ([5] if limit > 12
                                                                    else [2, 2, 1])
        assert not any(many for _, many in statements)
    else:
        assert [many for _, many in statements] == [True]
    with Session(store.engine) as session:
        written = list(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                    .order_by(col(CaseEvent.id))))
    assert [(e.action, e.details, e.at) for e in written] == [
        (r["action"], r["details"], NOW) for r in rows]
