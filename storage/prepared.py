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
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, CursorResult
from sqlalchemy.sql import ClauseElement

_Processor = Callable[[Any], Any] | None
_NOTHING = object()
#: Values remembered with their processed form (see :meth:`Prepared.execute`).
_IMMUTABLE = frozenset({datetime, date})


class _Compiled:
    __slots__ = ("done", "indexed", "order", "positional", "sql")

    def __init__(self, sql: str, order: tuple[tuple[str, _Processor], ...],
                 positional: bool) -> None:
        self.sql = sql
        self.order = order
        self.positional = positional
        self.indexed = tuple((index, name, process)
                             for index, (name, process) in enumerate(order))
        #: Per column, the last immutable value processed and what it became.
        self.done: list[tuple[object, Any]] = [(_NOTHING, None)] * len(order)


class Prepared:
    """One Core statement (INSERT, with RETURNING or not, or UPDATE with bound parameters),
    run at driver level."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[tuple[str, str, str, tuple[str, ...]], _Compiled] = {}
        self._lock = threading.Lock()

    def execute(self, connection: Connection,
                rows: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> CursorResult[Any] | None:
        """One row (a mapping) or several of the same keys (one executemany); the result
        (for a statement with RETURNING), None when there were no rows."""
        if isinstance(rows, Mapping):
            many, batch = False, [rows]
        else:
            many, batch = True, list(rows)
        if not batch:
            return None
        first = batch[0]
        compiled = self._compile(connection, tuple(first))
        # The same datetime object comes again and again (a batch decides at one ``now``; a
        # case's keys share its creation time): processed once. Only immutable values are
        # remembered, by identity, each with a reference held, so a remembered object is
        # never freed and its id never reused; one (object, result) tuple per column, swapped
        # whole, so threads sharing a statement never read half an entry.
        done = compiled.done

        def value(index: int, process: Callable[[Any], Any], given: Any) -> Any:
            seen, processed = done[index]
            if seen is not given:
                processed = process(given)
                if type(given) in _IMMUTABLE:
                    done[index] = (given, processed)
            return processed

        # Most columns have no processor: read straight from the row, no call.
        order = compiled.indexed
        if compiled.positional:
            def bound(row: Mapping[str, Any]) -> Any:
                return tuple(row[name] if process is None else value(index, process, row[name])
                             for index, name, process in order)
        else:
            def bound(row: Mapping[str, Any]) -> Any:
                return {name: row[name] if process is None
                        else value(index, process, row[name])
                        for index, name, process in order}
        if many:
            return connection.exec_driver_sql(compiled.sql, [bound(row) for row in batch])
        return connection.exec_driver_sql(compiled.sql, bound(first))

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
        made = _Compiled(compiled.string,
                         tuple((name, processors.get(name)) for name in names),
                         compiled.positional)
        with self._lock:
            self._compiled[kind] = made
        return made
