"""Fixed-shape writes of the decide path, compiled once and handed to the driver.

A Core ``connection.execute`` of a statement built once still works out its cache key,
looks its compiled form up, and builds an execution context with the parameters processed
per row: on the decide path that was a third of each write's cost (issue 17). A
:class:`Prepared` statement is compiled once per dialect and set of columns, and each
execution only applies the columns' own bind processors (the very functions Core applies:
JSON, UTC datetimes) and runs the SQL through ``exec_driver_sql`` — still on the session's
connection and transaction, and still seen by the engine's cursor events.

Only for statements whose every value the caller gives: a column with a Python-side default
or ``onupdate`` the statement does not name would be left out, so :meth:`Prepared.execute`
refuses such a statement instead of writing without it.

The SQL then goes to the DBAPI cursor by :func:`on_driver`, not through
``exec_driver_sql``: SQLAlchemy's execution context and result object cost 30 µs a statement
against 5 µs for SQLite's own execution of the case counter's ``UPDATE`` (issue 17, session
10). What the engine promises around a statement is kept — its ``before_cursor_execute`` and
``after_cursor_execute`` listeners run (statement counters, tests), and a driver error is
wrapped, the connection invalidated on a disconnect, exactly as Core does — and a connection
outside a transaction, logging SQL or with driver-level execute listeners takes the ordinary
``exec_driver_sql`` instead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

_Processor = Callable[[Any], Any] | None
_T = TypeVar("_T")
_NOTHING = object()
#: Values remembered with their processed form (see :meth:`Prepared.execute`): None and the
#: booleans too (most of a case's 49 columns are None or a flag, processed the same each row).
_IMMUTABLE = frozenset({datetime, date, type(None), bool})


class _Compiled:
    __slots__ = ("defaults", "done", "names", "order", "positional", "processed", "results",
                 "rows_sql", "rows_template", "sql", "values_of")

    def __init__(self, sql: str, order: tuple[tuple[str, _Processor], ...],
                 positional: bool, defaults: dict[str, Any],
                 results: tuple[_Processor, ...]) -> None:
        self.sql = sql
        self.order = order
        self.positional = positional
        #: Values the statement itself binds (a LIMIT, a constant compared): not the caller's.
        self.defaults = defaults
        #: Per returned column, what Core applies to its values (None: nothing).
        self.results = results if any(results) else ()
        self.names = tuple(name for name, _ in order)
        #: A row's values in the statement's order, by one C call (a KeyError for one missing).
        self.values_of = _values_of(self.names)
        #: Only the columns with a processor: most have none.
        self.processed = tuple((index, process)
                               for index, (_, process) in enumerate(order) if process is not None)
        #: Per column, the last immutable value processed and what it became.
        self.done: list[tuple[object, Any]] = [(_NOTHING, None)] * len(order)
        #: A plain PostgreSQL INSERT's head and one row's positional ``VALUES`` tuple, with
        #: the names in the order that tuple binds them (:meth:`Prepared._insert_rows`);
        #: None for any other statement.
        self.rows_template: tuple[tuple[str, str], tuple[str, ...]] | None = None
        #: The multi-row SQL by row count.
        self.rows_sql: dict[int, str] = {}


def _values_of(names: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A row's values under ``names``, in order, always as a tuple."""
    if len(names) > 1:
        return itemgetter(*names)
    if names:
        name = names[0]
        return lambda row: (row[name],)
    return lambda row: ()


class Prepared:
    """One Core statement (INSERT, with RETURNING or not, UPDATE or SELECT with bound
    parameters), run at driver level."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, str, str, tuple[str, ...]], _Compiled] = {}
        self._lock = threading.Lock()

    def execute(self, connection: Connection,
                rows: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> list[Any] | None:
        """One row (a mapping) or several of the same keys (one executemany); the rows
        returned (a statement with RETURNING), None for none or when no rows were given."""
        if type(rows) is dict or isinstance(rows, Mapping):  # (an ABC check costs more)
            many, batch = False, [rows]
        else:
            many, batch = True, list(rows)
        if not batch:
            return None
        compiled, parameters = self._bind(connection, batch, many)
        if many and len(batch) > 1 and compiled.rows_template is not None:
            self._insert_rows(connection, compiled, parameters)
            return None
        returned = on_driver(connection, compiled.sql, parameters, many=many)
        if returned and compiled.results:
            processes = compiled.results
            returned = [tuple(value if process is None else process(value)
                              for process, value in zip(processes, row, strict=True))
                        for row in returned]
        return returned

    def _insert_rows(self, connection: Connection, compiled: _Compiled,
                     parameters: list[Mapping[str, Any]]) -> None:
        """PostgreSQL: the rows of a plain INSERT as one ``INSERT … VALUES (…), (…)``, not
        psycopg's executemany, which runs the statement once a row (a Bind and an Execute
        each, the server's executor started and ended for every row; a case's matter keys
        are a dozen rows, issue 17). The rows go in the order given, so ids follow it as
        one at a time would give them; each shape is one SQL string per row count (psycopg
        prepares it once used often), at most ``_MAX_PARAMETERS`` values a statement."""
        template, names = compiled.rows_template  # type: ignore[misc]
        size = max(1, _MAX_PARAMETERS // max(1, len(names)))
        for start in range(0, len(parameters), size):
            part = parameters[start:start + size]
            sql = compiled.rows_sql.get(len(part))
            if sql is None:
                sql = template[0] + ", ".join([template[1]] * len(part))
                compiled.rows_sql[len(part)] = sql
            on_driver(connection, sql, tuple([row[name] for row in part for name in names]))

    def last_rowid(self, connection: Connection, row: Mapping[str, Any]) -> int:
        """Run this INSERT (no RETURNING) for one row on SQLite; the rowid SQLite gave it,
        which is the row's id (an ``INTEGER PRIMARY KEY`` is the rowid)."""
        if connection.dialect.name != "sqlite":
            raise ValueError("last_rowid: SQLite only (elsewhere the id comes by RETURNING)")
        compiled, parameters = self._bind(connection, [row], False)
        return _last_rowid(connection, compiled.sql, parameters)

    def _bind(self, connection: Connection, batch: list[Mapping[str, Any]],
              many: bool) -> tuple[_Compiled, Any]:
        """The compiled form and the driver's parameters of ``batch`` (one row unless
        ``many``)."""
        compiled = self._compile(connection, tuple(batch[0]))
        if compiled.defaults:
            batch = [{**compiled.defaults, **row} for row in batch]
        first = batch[0]
        # The same datetime object comes again and again (a batch decides at one ``now``; a
        # case's keys share its creation time): processed once. Only immutable values are
        # remembered, by identity, each with a reference held, so a remembered object is
        # never freed and its id never reused; one (object, result) tuple per column, swapped
        # whole, so threads sharing a statement never read half an entry.
        done = compiled.done
        # The row's values in one C call, then only the columns with a processor processed.
        values_of, processed, names = compiled.values_of, compiled.processed, compiled.names
        positional = compiled.positional

        def bound(row: Mapping[str, Any]) -> Any:
            values = list(values_of(row))
            for index, process in processed:
                given = values[index]
                seen, result = done[index]
                if seen is not given:
                    result = process(given)
                    if type(given) in _IMMUTABLE:
                        done[index] = (given, result)
                values[index] = result
            return tuple(values) if positional else dict(zip(names, values, strict=True))
        if many:
            return compiled, [bound(row) for row in batch]
        return compiled, bound(first)

    def _compile(self, connection: Connection, keys: tuple[str, ...]) -> _Compiled:
        dialect = connection.dialect
        # By driver and parameter style too: one process may hold engines of two drivers.
        kind = (dialect.name, dialect.driver, dialect.paramstyle, keys)
        found = self._compiled.get(kind)
        if found is not None:
            return found
        compiled: Any = self.statement.compile(dialect=dialect, column_keys=list(keys))
        if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch",
                                                                 None):
            # A default Core would compute per row: not for this path (see the module).
            raise ValueError(f"{self.statement}: columns with Python-side defaults not given")
        processors = compiled._bind_processors  # what Core itself applies
        names = (compiled.positiontup if compiled.positional
                 else list(compiled.bind_names.values()))
        assert names is not None
        given = set(keys)
        made = _Compiled(compiled.string,
                         tuple((name, processors.get(name)) for name in names),
                         compiled.positional,
                         {name: value for name, value in compiled.params.items()
                          if name not in given},
                         # what Core's result metadata applies (its types' cached processors)
                         tuple(column[3]._cached_result_processor(dialect, None)
                               for column in compiled._result_columns))
        if (dialect.name == "postgresql" and not made.positional
                and getattr(self.statement, "is_insert", False)
                and not getattr(self.statement, "_returning", ())):
            made.rows_template = _rows_template(made.sql)
        with self._lock:
            self._compiled[kind] = made
        return made


#: PostgreSQL's limit is 65,535 bound values a statement.
_MAX_PARAMETERS = 30_000
#: A plain single-row INSERT as SQLAlchemy compiles it for psycopg: nothing after its one
#: VALUES tuple but the primary key's implicit RETURNING (which a statement asked for no
#: rows of does not use; no ON CONFLICT), each value a named parameter.
_PLAIN_INSERT = re.compile(
    r"(INSERT INTO [^()]+ \([^()]*\) VALUES )(\((?:[^()%]|%\(\w+\)s)*\))"
    r"(?: RETURNING [\w.\"]+)?", re.DOTALL)
_NAMED = re.compile(r"%\((\w+)\)s")


def _rows_template(sql: str) -> tuple[tuple[str, str], tuple[str, ...]] | None:
    """``(head, one row's VALUES tuple with positional %s)`` and the names it binds, in
    order, of a plain single-row INSERT; None for anything else."""
    found = _PLAIN_INSERT.fullmatch(sql)
    if found is None:
        return None
    names = tuple(_NAMED.findall(found.group(2)))
    return (found.group(1), _NAMED.sub("%s", found.group(2))), names


class PreparedQuery:
    """A SELECT with one list of values (an ``IN``, which duplicates do not change), run at
    driver level: ``build(n)`` gives its shape for ``n`` values bound as ``{listed}_0`` …
    ``{listed}_{n-1}``, each shape compiled once per dialect (:class:`Prepared`). Core expands such a list on every
    execution and builds its context and result around it: 85–100 µs for a read that SQLite
    answers in a fraction of that (issue 17)."""

    def __init__(self, build: Callable[[int], ClauseElement], listed: str) -> None:
        self._build = build
        self._listed = listed
        self._shapes: dict[int, Prepared] = {}
        self._lock = threading.Lock()

    def rows(self, connection: Connection, parameters: Mapping[str, Any]) -> list[Any]:
        """The rows for ``parameters`` (the list under ``listed``, at least one value)."""
        values = list(parameters[self._listed])
        if not values:
            raise ValueError(f"{self._listed}: an empty list")
        # Padded to a power of two with its last value (an IN list's duplicates change
        # nothing it matches): a handful of shapes compiled, not one per length.
        size = 1 << (len(values) - 1).bit_length()
        values += [values[-1]] * (size - len(values))
        shape = self._shapes.get(size)
        if shape is None:
            shape = Prepared(self._build(size))
            with self._lock:
                self._shapes[size] = shape
        row = {name: value for name, value in parameters.items() if name != self._listed}
        row.update((f"{self._listed}_{index}", value) for index, value in enumerate(values))
        return shape.execute(connection, row) or []


#: ``session.info`` key of the connection :func:`connection_of` remembers.
_CONNECTION = "storage.prepared.connection"


def connection_of(session: Session) -> Connection:
    """``session.connection()``, remembered for the session's transaction: the statements of
    the decide path ask for it four or five times a message, and the session's own answer
    (its transaction's state checks around the look-up) cost 5 µs each time (issue 17). A
    transaction keeps one connection until it ends; the next one is asked for its own."""
    transaction = session.get_transaction()
    if transaction is not None and transaction.is_active:
        # (an inactive one — rolled back by a failed flush — gets the session's own answer)
        found = session.info.get(_CONNECTION)
        if found is not None and found[0] is transaction:
            return found[1]  # type: ignore[no-any-return]
    connection = session.connection()
    # Held with the transaction object itself: compared by identity, never by a reused id.
    session.info[_CONNECTION] = (session.get_transaction(), connection)
    return connection


def on_driver(connection: Connection, sql: str, parameters: Any, *,
              many: bool = False) -> list[Any] | None:
    """Run ``sql`` (in the driver's parameter style; ``parameters`` None: it has none) on a
    cursor of ``connection``'s DBAPI connection, in its transaction; the rows it returned
    (None: it returns none). The engine's cursor listeners see it (with no execution
    context) and a driver error is raised as Core raises it (see the module)."""
    if _through_core(connection):
        result = connection.exec_driver_sql(sql, parameters)  # None: no parameters
        return list(result.all()) if result.returns_rows else None
    return _on_cursor(connection, sql, parameters, many, _rows)


def _last_rowid(connection: Connection, sql: str, parameters: Any) -> int:
    """:func:`on_driver` for one SQLite INSERT: the rowid of the row it inserted."""
    if _through_core(connection):
        found = connection.exec_driver_sql(sql, parameters).lastrowid
    else:
        found = _on_cursor(connection, sql, parameters, False, _lastrowid)
    if not found:
        raise ValueError("the INSERT gave no rowid")
    return int(found)


def _rows(cursor: Any) -> list[Any] | None:
    return list(cursor.fetchall()) if cursor.description is not None else None


def _lastrowid(cursor: Any) -> Any:
    return cursor.lastrowid


def _through_core(connection: Connection) -> bool:
    """Whether a statement takes Core's ``exec_driver_sql`` instead of the cursor (see the
    module)."""
    return bool(not connection.in_transaction() or connection.invalidated
                or connection.engine.echo or _driver_listeners(connection))


def _on_cursor(connection: Connection, sql: str, parameters: Any, many: bool,
               collect: Callable[[Any], _T]) -> _T:
    """Run ``sql`` on a cursor of the connection's DBAPI connection; what ``collect`` takes
    from the cursor after it."""
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None  # checked valid just above
    cursor = dbapi_connection.cursor()
    try:
        dispatch = connection.dispatch
        for listener in dispatch.before_cursor_execute:
            sql, parameters = listener(connection, cursor, sql, parameters, None, many)
        if many:
            cursor.executemany(sql, parameters)
        elif parameters is None:  # as Core runs a statement without parameters
            cursor.execute(sql)
        else:
            cursor.execute(sql, parameters)
        if dispatch.after_cursor_execute:
            dispatch.after_cursor_execute(connection, cursor, sql, parameters, None, many)
        collected = collect(cursor)
    except BaseException as error:  # noqa: BLE001 - Core's handler re-raises every one
        # Core's own handling: the DBAPI error wrapped (IntegrityError stays IntegrityError),
        # handle_error listeners, a lost connection invalidated; it closes the cursor.
        connection._handle_dbapi_exception(error, sql, parameters, cursor, None)
    cursor.close()
    return collected


def _driver_listeners(connection: Connection) -> bool:
    """Whether anything listens at the dialect's execute level (which this path skips)."""
    dispatch = connection.dialect.dispatch
    return bool(dispatch.do_execute or dispatch.do_executemany
                or dispatch.do_execute_no_params)
