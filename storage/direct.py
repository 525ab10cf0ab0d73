"""Core statements the decide path runs many times, handed to the database driver directly.

Through ``Connection.execute`` every statement pays SQLAlchemy's per-execution work: looking
up the compiled form, building an execution context, processing each row's parameters
through the whole type machinery. On the decide path that was more than the statement cost
the database (issue 17). A :class:`Direct` statement is compiled once per dialect; a run
converts its rows with the columns' own bind processors (so values are written exactly as
``execute`` would write them: time zones checked, JSON encoded) and passes them to the
driver's ``execute``/``executemany`` through ``exec_driver_sql`` — which still fires the
engine's cursor events, so statement counts and tests see every statement.

Only plain statements with named bind parameters: no expanding ``IN``, no defaults computed
by SQLAlchemy (every row gives every parameter; :func:`storage.rows.full_row` fills them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import Insert

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    #: The parameter names in the order the driver takes them (positional paramstyles).
    order: tuple[str, ...] | None
    processors: tuple[tuple[str, Processor], ...]


class Direct:
    """A statement compiled once per dialect and run on the driver (see the module doc)."""

    def __init__(self, statement: ClauseElement, columns: Sequence[str] | None = None,
                 *, returning: bool = False) -> None:
        """``columns``: an INSERT's columns (its parameters); others name their binds.
        ``returning``: an INSERT of one row at a time that returns its id."""
        if isinstance(statement, Insert):
            # Without ``returning``, inline: no implicit RETURNING of the new ids (PostgreSQL's
            # compiler adds it), which an executemany could not return anyway.
            statement = statement.returning(statement.table.c.id) if returning \
                else statement.inline()
        self.statement = statement
        self.columns = tuple(columns) if columns is not None else None
        self._compiled: dict[str, _Compiled] = {}

    @classmethod
    def insert(cls, table: Table, *, returning: bool = False) -> Direct:
        """An INSERT of every column but the id (rows from :func:`storage.rows.full_row`)."""
        return cls(table.insert(), [column.name for column in table.columns
                                    if column.name != "id"], returning=returning)

    def run(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> Any:
        """Execute for every row (one ``executemany`` when several); returns the result."""
        compiled = self._for(connection.dialect)
        converted = [_convert(compiled, row) for row in rows]
        if len(converted) == 1:
            return connection.exec_driver_sql(compiled.sql, converted[0])
        return connection.exec_driver_sql(compiled.sql, converted)

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = cast(SQLCompiler, self.statement.compile(
                dialect=dialect, column_keys=list(self.columns) if self.columns else None))
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            # The dialect's own form of each type (psycopg wraps JSON its own way).
            processors = tuple((name, bind.type.dialect_impl(dialect).bind_processor(dialect))
                               for name, bind in ((name, compiled.binds[name])
                                                  for name in (order or compiled.binds)))
            found = self._compiled[dialect.name] = _Compiled(compiled.string, order, processors)
        return found


def _convert(compiled: _Compiled, row: Mapping[str, Any]) -> Any:
    # None goes through the processor too: JSON writes it as 'null', as execute would.
    values = {name: process(row[name]) if process is not None else row[name]
              for name, process in compiled.processors}
    if compiled.order is not None:
        return tuple(values[name] for name in compiled.order)
    return values
