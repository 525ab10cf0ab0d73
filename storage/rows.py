"""Rows the decide path writes with Core statements, still usable as ORM objects.

Registering a case through the unit of work cost about four times the insert itself: the
model's constructor (pydantic and SQLAlchemy both set every field), then the flush's
bookkeeping (issue 17). The decide path instead inserts a row with one statement (at driver
level, ``storage.prepared``) and *adopts* it: an ORM object built from exactly the values it
just wrote, persistent in the session as if a query had loaded it — later changes to it are
flushed as usual, and a ``session.get`` finds it without a read.

Every column must have its value (the model's defaults fill what the caller leaves out): a
missing one would be "expired" and read back lazily, the very statement this avoids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar

from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state
from sqlmodel import Session, SQLModel

from storage.prepared import Prepared, connection_of

M = TypeVar("M", bound=SQLModel)


Factories = tuple[tuple[str, Callable[[], Any]], ...]


@cache
def _defaults(model: type[SQLModel]) -> tuple[dict[str, Any], Factories, frozenset[str]]:
    """The model's scalar defaults, its default factories (called per row: lists and dicts
    must not be shared between rows), and its columns but the id."""
    scalars: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            factories.append((name, info.default_factory))  # type: ignore[arg-type]
        elif not info.is_required():
            scalars[name] = info.default
    columns = frozenset(model.__table__.columns.keys()) - {"id"}  # type: ignore[attr-defined]
    return scalars, tuple(factories), columns


def full_row(model: type[SQLModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with the model's defaults for every column not given (the id excluded)."""
    scalars, factories, columns = _defaults(model)
    row = dict(scalars)
    for name, factory in factories:
        if name not in values:
            row[name] = factory()
    row.update(values)
    row.pop("id", None)
    missing = columns - row.keys()
    if missing:
        raise ValueError(f"{model.__name__} row without {sorted(missing)}")
    return row


def adopt(session: Session, model: type[M], row: Mapping[str, Any]) -> M:
    """The ORM object of a row already written (``row``: every column, its id included),
    persistent in ``session`` without reading the row back."""
    # ``new_instance`` is how the ORM's loader builds an object without calling __init__.
    mapper = model.__mapper__  # type: ignore[attr-defined]
    instance: M = mapper.class_manager.new_instance()
    instance.__dict__.update(row)
    make_transient_to_detached(instance)  # the primary key becomes its identity
    if mapper.relationships:
        session.add(instance)
    else:
        # What ``add`` does for a detached object, less its walk of every mapped property
        # for save-update cascades, which a model without relationships cannot have: the
        # walk was a third of adopting a case's 49 columns (issue 17).
        session._update_impl(instance_state(instance))
    return instance


def forget(session: Session, instance: SQLModel) -> None:
    """``session.expunge(instance)``, less its walk of every mapped property for expunge
    cascades when the model has no relationships (as :func:`adopt` skips the walk of
    ``add``): the walk was most of forgetting a decided message (issue 17)."""
    state = instance_state(instance)
    if state.mapper.relationships or state.session_id is not session.hash_key:
        session.expunge(instance)  # cascades, or refuses an object of another session
    else:
        session._expunge_states([state])


def insert_row(session: Session, model: type[M], values: Mapping[str, Any]) -> M:
    """Insert one row (missing columns take the model's defaults) with one statement;
    returns its adopted ORM object."""
    row = full_row(model, values)
    # At driver level on the session's connection (storage.prepared): Core's per-statement
    # work cost about what the insert itself did, and nothing here needs it (no ORM entity,
    # no autoflush). The id: SQLite's rowid of the row (the id is its INTEGER PRIMARY KEY),
    # RETURNING elsewhere — SQLite's RETURNING doubled the insert of a case (46 → 23 µs).
    connection = connection_of(session)
    plain, returning = _insert_one(model)
    if connection.dialect.name == "sqlite":
        row["id"] = plain.last_rowid(connection, row)
    else:
        returned = returning.execute(connection, row)
        assert returned is not None and len(returned) == 1  # one row given, its id returned
        row["id"] = returned[0][0]
    return adopt(session, model, row)


def insert_alike(session: Session, model: type[M], values: Mapping[str, Any],
                 count: int) -> list[M]:
    """Insert ``count`` rows of the same ``values`` with one statement (an ``INSERT … VALUES``
    list); returns their adopted ORM objects by ascending id, the order ``count`` inserts one
    after the other would have given. (Rows that differ would need the database to say which
    id went to which: SQLite's RETURNING does not keep the order of a multi-row insert.)"""
    if count <= 0:
        return []
    row = full_row(model, values)
    result = session.connection().execute(_insert_returning(model), [row] * count)
    ids = sorted(found[0] for found in result)
    assert len(ids) == count  # every row inserted, each id returned
    return [adopt(session, model, {**row, "id": row_id}) for row_id in ids]


@cache
def _insert_returning(model: type[SQLModel]) -> Any:
    table = model.__table__  # type: ignore[attr-defined]
    return table.insert().returning(table.c.id)


@cache
def _insert_one(model: type[SQLModel]) -> tuple[Prepared, Prepared]:
    # Built once per table: a statement built per call costs more than its execution.
    table = model.__table__  # type: ignore[attr-defined]
    return Prepared(table.insert()), Prepared(table.insert().returning(table.c.id))
